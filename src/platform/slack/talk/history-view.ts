import { shortSha } from '../../../diagnosis/domain/culprit.js';
import { incidentTimeline } from '../../../incidents/domain/incident-timeline.js';
import type { Episode, EpisodesReport } from '../../../talk/describe-episodes.js';
import { repliesWords } from '../incidents/reply-text.js';
import { renderTimeline } from '../incidents/timeline-view.js';
import { escapeMrkdwn, formatDuration } from '../mrkdwn.js';
import { stormWords } from '../storms/storm-words.js';
import { ackWords, episodeMark, redFor, taskWords, watchName } from './episode-words.js';

/** Entries of the latest episode's timeline shown by `/overseer history owner/repo`. */
const HISTORY_TIMELINE = 8;

/** Said under every history: what is kept, so a short list is not mistaken for a quiet repo. */
export const HISTORY_KEPT =
  '_Overseer keeps each watch’s current episode, the one before it, and earlier ones still being followed (an open fix task or a message owed); older episodes are not kept._';

function episodeLine(episode: Episode, now: number): string {
  const { incident, task } = episode;
  const red = formatDuration(redFor(incident, now));
  const since = incident.sinceUnknown ? ' (start unknown)' : '';
  const outcome =
    incident.status === 'open'
      ? `open: red for ${red} so far${since}`
      : `${incident.status === 'flaky' ? 'flaky (a re-run passed)' : 'recovered'}: green after ${red} red${since}${incident.resolvedSha ? ` at \`${shortSha(incident.resolvedSha)}\`` : ''}`;
  const parts = [`${episodeMark(incident)} #${incident.episode} ${outcome}`, ackWords(incident)];
  if (task) parts.push(taskWords(task));
  const storm = stormWords(incident);
  if (storm !== undefined) parts.push(storm);
  const replies = repliesWords(incident.replies);
  if (replies !== undefined) parts.push(replies);
  return `• ${parts.join(' · ')}`;
}

/** `/overseer history [owner/repo]`: the episodes each watch's document still holds, newest first. */
export function renderHistory(report: EpisodesReport, repo: string | undefined): string {
  if (!report.ok) return `:warning: The history cannot be read (${report.cause}). Try again in a minute.`;
  if (report.watches.length === 0) {
    return repo === undefined
      ? 'No red episode is on record yet.'
      : `No red episode is on record for ${escapeMrkdwn(repo)}. \`/overseer status\` lists what is watched.`;
  }
  const lines: string[] = [];
  for (const { watch, episodes } of report.watches) {
    lines.push(`${watchName(watch)}: ${episodes.map(({ incident }) => episodeMark(incident)).join('')}`);
    for (const episode of episodes) lines.push(episodeLine(episode, report.now));
    // Asked about one repo: the timeline of its latest episode too.
    const latest = episodes[0];
    if (repo !== undefined && latest !== undefined) {
      const entries = incidentTimeline(latest.incident, latest.task, HISTORY_TIMELINE);
      lines.push(`  _Timeline of #${latest.incident.episode}:_`);
      lines.push(...renderTimeline(entries, report.now).map((line) => `    ${line.replace(/^• /, '◦ ')}`));
    }
  }
  lines.push(HISTORY_KEPT);
  return lines.join('\n');
}
