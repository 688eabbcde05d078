import { incidentTimeline } from '../../../incidents/domain/incident-timeline.js';
import type { EpisodeFact } from '../../../report/index.js';
import type { HistoryReport } from '../../../talk/describe-history.js';
import type { HistoryLine } from '../../../talk/merge-history.js';
import { repliesWords } from '../incidents/reply-text.js';
import { renderTimeline } from '../incidents/timeline-view.js';
import { escapeMrkdwn, formatDuration, inert, inlineCode, inlineText, userRef } from '../mrkdwn.js';
import { stormWords } from '../storms/storm-words.js';
import { taskWords, watchName } from './episode-words.js';

/** Entries of the latest episode's timeline shown by `/overseer history owner/repo`. */
const HISTORY_TIMELINE = 8;
/** Flaked jobs named on a line; the rest are counted. */
const FLAKED_SHOWN = 3;
const JOB_MAX = 60;
const SHA_MAX = 12;
const TASK_MAX = 40;

/** Said under every history: where the lines come from, so they can be checked against the report. */
export const HISTORY_KEPT =
  '_Episodes come from the history the report counts (kept 90 days) and, for the open one, the watch’s own record; red time is from the first red run to green again. `/overseer report` counts the same episodes._';

/** `2026-11-29 10:30 UTC` */
export function utcMinute(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function mark(fact: EpisodeFact): string {
  if (fact.resolvedAt === undefined) return ':red_circle:';
  return fact.ended === 'flaky' ? ':large_yellow_circle:' : ':large_green_circle:';
}

/** How it ended: by which commit, a passing re-run (of which jobs), or its fix task. */
function endedWords(fact: EpisodeFact): string {
  const at = fact.sha === undefined ? '' : ` at ${inlineCode(fact.sha, SHA_MAX)}`;
  if (fact.ended === 'fixed') {
    const task = fact.task === undefined ? '' : ` ${inlineCode(fact.task.id, TASK_MAX)}`;
    return `fixed by task${task}${at}`;
  }
  if (fact.ended === 'flaky') {
    const jobs = fact.flaked ?? [];
    const named = jobs.slice(0, FLAKED_SHOWN).map((job) => inlineText(job, JOB_MAX));
    if (jobs.length > FLAKED_SHOWN) named.push(`${jobs.length - FLAKED_SHOWN} more`);
    return `flaky (a re-run passed${named.length === 0 ? '' : `: ${named.join(', ')}`})${at}`;
  }
  return `recovered${at}`;
}

function ackFactWords(fact: EpisodeFact): string {
  if (fact.ackBy === undefined) return 'not acknowledged';
  const after = fact.ackAt === undefined ? '' : ` after ${formatDuration(fact.ackAt - fact.since)}`;
  return `acknowledged by ${userRef(fact.ackBy, fact.ackBy)}${after}`;
}

function historyLine({ watch, fact, episode }: HistoryLine, now: number): string {
  const since = episode?.incident.sinceUnknown ? ' (start unknown)' : '';
  const opened = `opened ${utcMinute(fact.since)}${since}`;
  const red =
    fact.resolvedAt === undefined
      ? `${opened}, still red: ${formatDuration(now - fact.since)} so far`
      : `${opened}, resolved ${utcMinute(fact.resolvedAt)}: red ${formatDuration(fact.resolvedAt - fact.since)}, ${endedWords(fact)}`;
  const parts = [`${mark(fact)} ${watchName(watch)} #${fact.episode} ${red}`, ackFactWords(fact)];
  if (episode?.task !== undefined) parts.push(taskWords(episode.task));
  else if (fact.task !== undefined && fact.ended !== 'fixed') {
    parts.push(
      `fix task ${inlineCode(fact.task.id, TASK_MAX)}: ${inert(fact.task.state.replaceAll('_', ' '))}`,
    );
  }
  if (episode !== undefined) {
    const storm = stormWords(episode.incident);
    if (storm !== undefined) parts.push(storm);
    const replies = repliesWords(episode.incident.replies);
    if (replies !== undefined) parts.push(replies);
  }
  return `• ${parts.join(' · ')}`;
}

/**
 * `/overseer history [owner/repo]`: the red episodes of the last days, newest first (the open one
 * at the top), one line each with what the report's figures are counted from.
 */
export function renderHistory(report: HistoryReport, repo: string | undefined): string {
  if (!report.ok) return `:warning: The history cannot be read (${report.cause}). Try again in a minute.`;
  if (report.lines.length === 0) {
    return repo === undefined
      ? `No red episode in the last ${report.days} days.`
      : `No red episode of ${escapeMrkdwn(repo)} in the last ${report.days} days. \`/overseer status\` lists what is watched.`;
  }
  const total = report.lines.length + report.more;
  const lines = [`*Red episodes of the last ${report.days} days* (${total}), newest first:`];
  for (const line of report.lines) lines.push(historyLine(line, report.now));
  if (report.more > 0) {
    const narrow = repo === undefined ? ' `/overseer history owner/repo` narrows it to one repo.' : '';
    lines.push(`…and ${report.more} more.${narrow}`);
  }
  // Asked about one repo: the timeline of its latest episode the watch document still holds.
  const latest =
    repo === undefined ? undefined : report.lines.find((line) => line.episode !== undefined)?.episode;
  if (latest !== undefined) {
    const entries = incidentTimeline(latest.incident, latest.task, HISTORY_TIMELINE);
    lines.push(`_Timeline of #${latest.incident.episode}:_`);
    lines.push(...renderTimeline(entries, report.now).map((line) => `  ${line.replace(/^• /, '◦ ')}`));
  }
  lines.push(HISTORY_KEPT);
  return lines.join('\n');
}
