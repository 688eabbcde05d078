import type { WatchRef } from '../../../core/domain/types.js';
import type { FixTask } from '../../../fix-tasks/domain/fix-task.js';
import type { Incident } from '../../../incidents/domain/incident.js';
import type { Episode } from '../../../talk/describe-episodes.js';
import { escapeMrkdwn, formatDuration, inert, mention, slackDate } from '../mrkdwn.js';
import { utcTime } from './pause-view.js';

/** "*acme/widgets* ci.yml on main" */
export function watchName(watch: WatchRef): string {
  return `*${inert(watch.repo)}* ${inert(watch.workflow)} on ${inert(watch.branch)}`;
}

/** How long CI was (or has been) red: to the resolution, or to `now` while open. */
export function redFor(incident: Incident, now: number): number {
  if (incident.status === 'open') return now - incident.since;
  return incident.redForMs ?? (incident.resolvedAt ?? now) - incident.since;
}

/** "acknowledged by <@U0ALICE> after 5m", or "not acknowledged". */
export function ackWords(incident: Incident): string {
  if (incident.acknowledgedBy === undefined) return 'not acknowledged';
  const after =
    incident.acknowledgedAt === undefined
      ? ''
      : ` after ${formatDuration(incident.acknowledgedAt - incident.since)}`;
  return `acknowledged by ${mention(incident.acknowledgedBy)}${after}`;
}

/** "fix task `T-3`: pending" */
export function taskWords(task: FixTask): string {
  return `fix task \`${escapeMrkdwn(task.id)}\`: ${task.state.replaceAll('_', ' ')}`;
}

/** Where the incident's message is: "in <#C0INCIDENTS>, posted 14:02 UTC", or that it is not posted yet. */
export function messageWords(episode: Episode, now: number): string {
  const message = episode.message;
  if (message === undefined) return 'message not posted yet';
  const postedAt = Number(message.ts) * 1000;
  return `message in <#${message.channel}> ${slackDate(postedAt, utcTime(postedAt, now))}`;
}

/** The mark an episode leaves in a row of episodes: red open, green recovered, yellow flaky. */
export function episodeMark(incident: Incident): string {
  if (incident.status === 'open') return ':red_circle:';
  return incident.status === 'flaky' ? ':large_yellow_circle:' : ':large_green_circle:';
}
