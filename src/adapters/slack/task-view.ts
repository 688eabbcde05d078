import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { shortSha } from '../../domain/culprit.js';
import type { FixTask, FixTaskState } from '../../domain/fix-task.js';
import { isOpen } from '../../domain/fix-task-lifecycle.js';
import type { Incident } from '../../domain/incident.js';
import { inlineText, link, slackDate } from './mrkdwn.js';

export const TASK_APPROVE_ACTION_ID = 'overseer_task_approve';
export const TASK_DISMISS_ACTION_ID = 'overseer_task_dismiss';

/** What a task button carries: which task, and the version the clicker saw. */
export interface TaskButtonValue {
  readonly incidentId: string;
  readonly taskId: string;
  readonly version: number;
}

export function taskButtonValue(task: FixTask): string {
  return JSON.stringify({ i: task.incidentId, t: task.id, v: task.version });
}

/** The task a button names, or undefined for a value Overseer did not write. */
export function parseTaskButtonValue(value: string | undefined): TaskButtonValue | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as { i?: unknown; t?: unknown; v?: unknown };
    if (typeof parsed.i !== 'string' || typeof parsed.t !== 'string' || typeof parsed.v !== 'number')
      return undefined;
    return { incidentId: parsed.i, taskId: parsed.t, version: parsed.v };
  } catch {
    return undefined;
  }
}

const STATE_WORDS: Readonly<Record<FixTaskState, string>> = {
  pending: ':hourglass: Waiting for an approver',
  starting: ':arrows_counterclockwise: Starting',
  running: ':arrows_counterclockwise: Running',
  pr_open: ':arrows_counterclockwise: Pull request open',
  checks_passed: ':white_check_mark: Checks passed',
  awaiting_merge_approval: ':hourglass: Waiting for Approve merge',
  merged: ':arrows_counterclockwise: Merged; checking CI',
  regressed: ':red_circle: The fix made CI worse',
  verified: ':large_green_circle: Done: CI is green',
  reverted: ':leftwards_arrow_with_hook: The fix was reverted',
  failed: ':x: Failed',
  dismissed: ':no_entry_sign: Dismissed',
  obsolete: ':white_circle: Not needed: CI recovered before anyone approved',
  expired: ':white_circle: Expired: nobody decided in time',
};

function when(at: number | undefined): string {
  if (at === undefined) return '';
  return ` ${slackDate(at, `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`)}`;
}

/** What happens next, in the task's current state. */
function nextText(task: FixTask): string {
  if (task.state === 'pending') {
    return (
      'Nothing runs until an approver presses *Approve & Start*. Then Overseer asks GitHub to re-run ' +
      'those jobs and follows the run: green resolves the incident; red again fails the task. ' +
      'Overseer never merges or deploys on its own.'
    );
  }
  if (task.state === 'starting' || task.state === 'running') {
    return 'Overseer asked GitHub to re-run those jobs and follows the run: green resolves the incident; red again fails the task.';
  }
  return '';
}

/** The plan in plain words: which remedy, on which run, and what happens next. */
function planText(task: FixTask, incident: Incident): string {
  const { plan } = task;
  const run = link(
    plan.run.url,
    `run #${plan.run.id}${plan.run.attempt > 1 ? ` (attempt ${plan.run.attempt})` : ''}`,
  );
  const at = `\`${shortSha(plan.headSha)}\``;
  const where = `*${inlineText(incident.watch.repo, 100)}*`;
  const next = nextText(task);
  const says = `:hammer_and_wrench: *Fix task ${inlineText(task.id, 20)}* for ${where}: re-run the failed jobs of ${run} at ${at}.`;
  return next === '' ? says : `${says}\n${next}`;
}

function statusText(task: FixTask): string {
  const lines = [`${STATE_WORDS[task.state]}${when(task.at[task.state])}`];
  if (task.approvedBy) lines.push(`Approved by <@${task.approvedBy}>${when(task.at.starting)}`);
  if (task.refs.rerunAttempt !== undefined) lines.push(`Re-run: attempt ${task.refs.rerunAttempt}`);
  if (task.dismissedBy) lines.push(`Dismissed by <@${task.dismissedBy}>`);
  if (task.dismissReason) lines.push(`Why: ${inlineText(task.dismissReason, 300)}`);
  if (task.failReason) lines.push(`Why: ${inlineText(task.failReason, 300)}`);
  return lines.join(' · ');
}

function button(label: string, actionId: string, task: FixTask, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: label, emoji: true },
    action_id: actionId,
    value: taskButtonValue(task),
    ...(style === undefined ? {} : { style }),
  };
}

/** A fix task's message in the incident's thread, updated in place as the task moves on. */
export function renderTask(task: FixTask, incident: Incident): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: planText(task, incident) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: statusText(task) }] },
  ];
  if (task.state === 'pending' && isOpen(task)) {
    const actions: ActionsBlock = {
      type: 'actions',
      block_id: 'overseer_task_actions',
      elements: [
        button('Approve & Start', TASK_APPROVE_ACTION_ID, task, 'primary'),
        button('Dismiss', TASK_DISMISS_ACTION_ID, task),
      ],
    };
    blocks.push(actions);
  }
  const text = `Fix task ${inlineText(task.id, 20)}: re-run the failed jobs (${task.state.replaceAll('_', ' ')})`;
  return { text, blocks };
}
