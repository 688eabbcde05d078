import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { shortSha } from '../../../diagnosis/domain/culprit.js';
import type { FixTask, FixTaskState } from '../../../fix-tasks/domain/fix-task.js';
import { isOpen } from '../../../fix-tasks/domain/fix-task-lifecycle.js';
import type { Incident } from '../../../incidents/domain/incident.js';
import { inlineText, link, slackDate } from '../mrkdwn.js';

export const TASK_APPROVE_ACTION_ID = 'overseer_task_approve';
export const TASK_DISMISS_ACTION_ID = 'overseer_task_dismiss';
export const TASK_MERGE_ACTION_ID = 'overseer_task_merge';

export const TEXT_WHAT: Readonly<Record<FixTask['strategy'], string>> = {
  rerun: 're-run the failed jobs',
  revert: 'revert the suspect',
  dispatch: 'dispatch the fix workflow',
  issue: 'open an issue',
};

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

export const STATE_WORDS: Readonly<Record<FixTaskState, string>> = {
  pending: ':hourglass: Waiting for an approver',
  starting: ':arrows_counterclockwise: Starting',
  running: ':arrows_counterclockwise: Running',
  pr_open: ':arrows_counterclockwise: Pull request open',
  checks_passed: ':white_check_mark: Checks passed',
  awaiting_merge_approval: ':hourglass: Waiting for Approve merge',
  merged: ':arrows_counterclockwise: Merged; checking CI',
  regressed: ':red_circle: The fix made CI worse',
  verified: ':large_green_circle: Done: CI is green',
  reverted: ':leftwards_arrow_with_hook: The fix made CI worse; its revert is open for review',
  failed: ':x: Failed',
  dismissed: ':no_entry_sign: Dismissed',
  obsolete: ':white_circle: Not needed: CI went green by itself',
  expired: ':white_circle: Expired: nobody decided in time',
};

function when(at: number | undefined): string {
  if (at === undefined) return '';
  return ` ${slackDate(at, `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`)}`;
}

const NEVER_MERGES = 'Overseer never merges or deploys on its own.';

/** After approval, per strategy: what Overseer does and follows. */
const AFTER_START: Readonly<Record<FixTask['strategy'], string>> = {
  rerun:
    'Overseer asks GitHub to re-run those jobs and follows the run: green resolves the incident; red again fails the task.',
  revert:
    'Overseer opens a pull request reverting it, follows its checks, and asks here for *Approve merge* when they pass; after the merge, CI on the branch decides.',
  dispatch:
    "Overseer dispatches the fix workflow with this task's ID, follows the pull request that names it, and asks here for *Approve merge* when its checks pass.",
  issue:
    'Overseer opens a GitHub issue with the failure digest, follows the pull request that references it, and asks here for *Approve merge* when its checks pass.',
};

/** What happens next, in the task's current state. */
function nextText(task: FixTask): string {
  switch (task.state) {
    case 'pending':
      return `Nothing runs until an approver presses *Approve & Start*. Then ${AFTER_START[task.strategy]} ${NEVER_MERGES}`;
    case 'starting':
    case 'running':
    case 'pr_open':
      return AFTER_START[task.strategy];
    case 'checks_passed':
    case 'awaiting_merge_approval':
      return `The checks passed. An approver's *Approve merge* merges it, only if it is still mergeable and green at that moment. ${NEVER_MERGES}`;
    case 'merged':
      return 'Merged. CI on the branch at the merge decides: green verifies the fix; red reverts it and calls the approvers.';
    default:
      return '';
  }
}

/** What the remedy does, in a phrase after "Fix task T-1 for acme/widgets:". */
function remedyText(task: FixTask): string {
  const { plan } = task;
  const run = link(
    plan.run.url,
    `run #${plan.run.id}${plan.run.attempt > 1 ? ` (attempt ${plan.run.attempt})` : ''}`,
  );
  switch (plan.strategy) {
    case 'rerun':
      return `re-run the failed jobs of ${run} at \`${shortSha(plan.headSha)}\``;
    case 'revert': {
      // Refused by the safety ladder before anyone approved: there is no revert to describe.
      if (task.state === 'failed' && task.approvedBy === undefined) return 'no revert is proposed';
      const pull = plan.pull ? ` (${link(plan.pull.url, `#${plan.pull.number}`)})` : '';
      return `revert \`${shortSha(plan.commit)}\`${pull}, suspected of breaking ${run}`;
    }
    case 'dispatch':
      return `dispatch the fix workflow \`${inlineText(plan.workflow, 100)}\` for ${run} at \`${shortSha(plan.headSha)}\``;
    case 'issue': {
      const to = plan.assignee ? `, assigned to ${inlineText(plan.assignee, 40)}` : '';
      return `open a GitHub issue with the failure digest of ${run}${to}`;
    }
  }
}

/** The plan in plain words: which remedy, on which run, and what happens next. */
function planText(task: FixTask, incident: Incident): string {
  const where = `*${inlineText(incident.watch.repo, 100)}*`;
  const next = nextText(task);
  const says = `:hammer_and_wrench: *Fix task ${inlineText(task.id, 20)}* for ${where}: ${remedyText(task)}.`;
  return next === '' ? says : `${says}\n${next}`;
}

function statusText(task: FixTask): string {
  const lines = [`${STATE_WORDS[task.state]}${when(task.at[task.state])}`];
  const { refs } = task;
  if (task.approvedBy) lines.push(`Approved by <@${task.approvedBy}>${when(task.at.starting)}`);
  if (refs.rerunAttempt !== undefined) lines.push(`Re-run: attempt ${refs.rerunAttempt}`);
  if (refs.issue) lines.push(`Issue ${link(refs.issue.url, `#${refs.issue.number}`)}`);
  if (refs.pr) {
    // Author and title come from GitHub: shown as text, never as a mention or a link.
    const by = refs.pr.author === undefined ? '' : ` by ${inlineText(refs.pr.author, 60)}`;
    const title = refs.pr.title === undefined ? '' : `: ${inlineText(refs.pr.title, 120)}`;
    lines.push(`Pull request ${link(refs.pr.url, `#${refs.pr.number}`)}${by}${title}`);
  }
  if (refs.mergeSha) {
    const by = task.mergeApprovedBy ? ` on approval by <@${task.mergeApprovedBy}>` : '';
    lines.push(`Merged as \`${shortSha(refs.mergeSha)}\`${by}${when(task.at.merged)}`);
  }
  if (refs.revertPr) {
    lines.push(`Revert ${link(refs.revertPr.url, `#${refs.revertPr.number}`)}: merging it undoes the fix`);
  }
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
  const buttons =
    task.state === 'pending'
      ? [button('Approve & Start', TASK_APPROVE_ACTION_ID, task, 'primary')]
      : task.state === 'awaiting_merge_approval'
        ? [button('Approve merge', TASK_MERGE_ACTION_ID, task, 'primary')]
        : [];
  if (buttons.length > 0 && isOpen(task)) {
    const actions: ActionsBlock = {
      type: 'actions',
      block_id: 'overseer_task_actions',
      elements: [...buttons, button('Dismiss', TASK_DISMISS_ACTION_ID, task)],
    };
    blocks.push(actions);
  }
  const text = `Fix task ${inlineText(task.id, 20)}: ${TEXT_WHAT[task.strategy]} (${task.state.replaceAll('_', ' ')})`;
  return { text, blocks };
}
