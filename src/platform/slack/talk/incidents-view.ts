import type { EpisodesReport } from '../../../talk/describe-episodes.js';
import { formatDuration, inlineCode } from '../mrkdwn.js';
import { stormWords } from '../storms/storm-words.js';
import { ackWords, messageWords, redFor, taskWords, watchName } from './episode-words.js';

/** `/overseer incidents`: every open incident with its age, who acknowledged it and its fix task. */
export function renderIncidents(report: EpisodesReport): string {
  if (!report.ok) return `:warning: The incidents cannot be read (${report.cause}). Try again in a minute.`;
  const lines: string[] = [];
  for (const { watch, episodes } of report.watches) {
    for (const episode of episodes) {
      const { incident, task } = episode;
      // A watch in a storm is listed on its storm's line (the storm's lead), once.
      if (incident.status !== 'open' || incident.joined !== undefined) continue;
      const storm = stormWords(incident);
      const age = incident.sinceUnknown
        ? 'red since unknown'
        : `red for ${formatDuration(redFor(incident, report.now))}`;
      const parts = [
        `:red_circle: ${watchName(watch)}: ${age}, ${ackWords(incident)}`,
        `incident ${inlineCode(incident.id, 1000)}`,
        messageWords(episode, report.now),
        ...(task ? [taskWords(task)] : ['no fix task']),
        ...(storm === undefined ? [] : [storm]),
      ];
      lines.push(parts.join(' · '));
    }
  }
  if (lines.length === 0) return ':large_green_circle: No incident is open.';
  return [`*Open incidents* (${lines.length})`, ...lines].join('\n');
}
