import { shortSha } from '../../../diagnosis/domain/culprit.js';
import type { FixTask } from '../../../fix-tasks/domain/fix-task.js';
import type { StatusReport, WatchStatus } from '../../../talk/describe-status.js';
import { escapeMrkdwn, formatDuration, inert, inlineCode } from '../mrkdwn.js';
import { stormWords } from '../storms/storm-words.js';
import { settingsLine } from './pause-view.js';

function since(report: StatusReport, at: number): string {
  return `${formatDuration(report.now - at)} ago`;
}

/** "at `abc1234` 2h ago": the commit the verdict stands on. */
function standsOn(report: StatusReport, status: WatchStatus, withAge: boolean): string {
  if (status.standsOn === undefined) return '';
  const at = ` at \`${shortSha(status.standsOn.sha)}\``;
  return withAge ? `${at} ${since(report, status.standsOn.at)}` : at;
}

/** " · 3 newer commits running", or nothing. */
function stillRunning(status: WatchStatus): string {
  const running = status.newerRunning ?? 0;
  return running > 0 ? ` · ${running} newer commit${running === 1 ? '' : 's'} running` : '';
}

/** A classified cause only (`http 502`, `rate limit exhausted`), never an error's own text. */
function unreadBecause(cause: string | undefined): string {
  if (cause === undefined) return 'GitHub could not be read';
  if (cause.includes('rate limit')) return `GitHub asked Overseer to wait: ${escapeMrkdwn(cause)}`;
  return `GitHub could not be read: ${escapeMrkdwn(cause)}`;
}

export function watchLine(report: StatusReport, status: WatchStatus): string {
  const branch = status.branch === undefined ? '(default branch, not resolved yet)' : inert(status.branch);
  const name = `*${inert(status.repo)}* ${inert(status.workflow)} on ${branch}`;
  if (status.unreadable) return `:warning: ${name}: state unreadable (${status.unreadable})`;
  const health = status.health;
  if (health && !health.ok) {
    return `:grey_question: ${name}: unknown since ${since(report, health.since)} (${unreadBecause(health.cause)})`;
  }
  const incident = status.incident;
  if (status.signal === 'red' && incident) {
    const ack = incident.acknowledgedBy
      ? `, acknowledged by <@${incident.acknowledgedBy}>`
      : ', not acknowledged';
    const redFor = formatDuration(report.now - incident.since);
    const storm = stormWords(incident);
    const id = `incident ${inlineCode(incident.id, 1000)}${ack}${storm === undefined ? '' : `, ${storm}`}`;
    return `:red_circle: ${name}: red for ${redFor}${standsOn(report, status, false)} (${id})${stillRunning(status)}`;
  }
  if (status.signal === 'green')
    return `:large_green_circle: ${name}: green${standsOn(report, status, true)}${stillRunning(status)}`;
  return `:white_circle: ${name}: no verdict yet`;
}

const ACTION_WORDS = {
  execute_silent: 'act silently',
  barge_in: 'barge in',
  notify: 'notify',
  queue: 'queue for the digest',
  ignore: 'ignore',
} as const;

/** "Last decision (regression, 3 min ago): notify: CI turned red: …": what was decided, and why. */
export function decisionLine(report: StatusReport, status: WatchStatus): string | undefined {
  const last = status.incident?.decisions?.at(-1);
  if (last === undefined) return undefined;
  const words = ACTION_WORDS[last.action];
  return `:compass: Last decision (${last.event}, ${since(report, last.at)}): ${words}: ${escapeMrkdwn(last.reason)}`;
}

/** "↳ Fix task T-3 (re-run the failed jobs): waiting for an approver". */
export function taskLine(task: FixTask): string {
  const where: Partial<Record<FixTask['state'], string>> = {
    pending: 'waiting for an approver to press Approve & Start',
    starting: `approved by <@${task.approvedBy ?? ''}>, starting`,
    running: `approved by <@${task.approvedBy ?? ''}>, re-run under way`,
  };
  const state = where[task.state] ?? task.state.replaceAll('_', ' ');
  return `:hammer_and_wrench: Fix task \`${escapeMrkdwn(task.id)}\` (re-run the failed jobs): ${state}`;
}

/** `/overseer tasks`: every open fix task, under its watch, or that there is none. */
export function renderTasks(report: StatusReport): string {
  const lines: string[] = [];
  const settings = settingsLine(report.settings, report.now);
  if (settings !== undefined) lines.push(settings);
  for (const status of report.watches) {
    if (status.task === undefined) continue;
    lines.push(`*${inert(status.repo)}* ${inert(status.workflow)}: ${taskLine(status.task)}`);
  }
  if (!lines.some((line) => line.includes('Fix task'))) lines.push('No fix task is open.');
  return lines.join('\n');
}

/** `/overseer status` and "@Overseer status": what is watched and how it stands. */
export function renderStatus(report: StatusReport): string {
  const lines: string[] = [];
  if (report.dormant) {
    lines.push(':zzz: Overseer is dormant: OVERSEER_SELF_HEAL_ENABLED is off, so CI is not being read.');
  }
  if (!report.dormant && report.settings.ok && !report.settings.settings.selfHeal.enabled) {
    lines.push(
      ':zzz: `selfHeal.enabled` is turned off from Slack, so CI is not being read. An admin turns it on with `/overseer flags enabled on`.',
    );
  }
  const settings = settingsLine(report.settings, report.now);
  if (settings !== undefined) lines.push(settings);
  if (report.watches.length === 0)
    lines.push(
      report.channel === undefined
        ? 'Nothing is watched: set OVERSEER_REPO or list repos in overseer.yml.'
        : 'No watched repo posts its incidents to this channel. `/overseer status` lists every watch.',
    );
  for (const status of report.watches) {
    lines.push(watchLine(report, status));
    const decision = decisionLine(report, status);
    if (decision !== undefined) lines.push(`    ${decision}`);
    if (status.task) lines.push(`    ${taskLine(status.task)}`);
  }
  for (const [name, state] of Object.entries(report.health.dependencies)) {
    // Not checked yet is no news here (the store is checked when /readyz asks): failures only.
    if (state.checked && !state.ok)
      lines.push(
        `:warning: ${name} unreachable for ${since(report, state.since)} (${state.cause ?? 'error'})`,
      );
  }
  if (report.stalledForMs !== undefined) {
    lines.push(
      `:warning: The CI check loop is stalled: no cycle completed for ${formatDuration(report.stalledForMs)}.`,
    );
  }
  const last = report.health.cycle.lastCompletedAt;
  if (!report.dormant)
    lines.push(
      last === undefined
        ? 'No check cycle has completed yet.'
        : `Last check cycle completed ${since(report, last)}.`,
    );
  return lines.join('\n');
}
