import type { FixTaskState } from '../../../fix-tasks/domain/fix-task.js';
import type { Incident } from '../../../incidents/domain/incident.js';
import { formatDuration, inlineText, slackDate } from '../mrkdwn.js';
import { utcTime } from '../talk/pause-view.js';

// The words `/overseer working-on` answers with, for tasks and incidents alike.

/** Where a task stands, as the end of "fix task T-3 is …". */
export const STANDS: Readonly<Record<FixTaskState, string>> = {
  pending: 'waiting for an approver to press *Approve & Start*',
  starting: 'starting',
  running: 'running',
  pr_open: "waiting for its pull request's checks",
  checks_passed: 'about to ask for merge approval',
  awaiting_merge_approval: 'waiting for an approver to press *Approve merge*',
  merged: 'merged; Overseer is checking CI',
  regressed: 'being reverted: the fix made CI worse',
  verified: 'done: CI is green',
  reverted: 'done: the fix was reverted',
  failed: 'failed',
  dismissed: 'dismissed',
  obsolete: 'not needed: CI went green by itself',
  expired: 'expired: nobody decided in time',
};

/** A Slack mention, or Overseer for what it did by itself. */
export function person(actor: string): string {
  return actor === 'overseer' ? 'Overseer' : `<@${actor}>`;
}

/** A time each reader sees in their own time zone (UTC where a client cannot). */
export function at(epochMs: number, now: number): string {
  return slackDate(epochMs, utcTime(epochMs, now));
}

/** One line on the incident: where it stands and who took it on; `where` follows its ID. */
export function incidentLine(incident: Incident, now: number, where = ''): string {
  const id = `\`${inlineText(incident.id, 200)}\`${where}`;
  if (incident.status !== 'open') {
    const how = incident.status === 'flaky' ? 'resolved as flaky' : 'recovered';
    const when = incident.resolvedAt === undefined ? '' : ` ${at(incident.resolvedAt, now)}`;
    const redFor =
      incident.redForMs === undefined ? '' : `, after ${formatDuration(incident.redForMs)} of red`;
    return `Incident ${id}: ${how}${when}${redFor}`;
  }
  const redFor = `${incident.sinceUnknown ? 'at least ' : ''}${formatDuration(now - incident.since)}`;
  const ack = incident.acknowledgedBy
    ? `acknowledged by ${person(incident.acknowledgedBy)}${incident.acknowledgedAt === undefined ? '' : ` ${at(incident.acknowledgedAt, now)}`}`
    : 'nobody has acknowledged it yet';
  return `Incident ${id}: red for ${redFor}, ${ack}`;
}
