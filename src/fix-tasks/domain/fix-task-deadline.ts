import type { FixTask } from './fix-task.js';
import type { FixTaskEvent } from './fix-task-event.js';

export interface FixTaskLimits {
  /** How long a task waits for a person's decision (Approve & Start, Approve merge) before it expires. */
  readonly decisionMs: number;
  /** How long a started remedy may show no progress (a PR, green checks, a verdict) before it fails. */
  readonly progressMs: number;
}

export const DEFAULT_FIX_TASK_LIMITS: FixTaskLimits = {
  decisionMs: 24 * 60 * 60_000,
  progressMs: 60 * 60_000,
};

interface Deadline {
  readonly at: number;
  readonly event: FixTaskEvent;
}

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

/**
 * When the task's current state runs out of time, and what happens then. Every open state has a
 * deadline, so no stuck task holds a place under the caps forever. A remedy's window starts at
 * approval until it shows a pull request (or, for a rerun, green); each later wait gets its own.
 */
function deadlineOf(task: FixTask, limits: FixTaskLimits): Deadline | undefined {
  const since = (entered: number | undefined) => entered ?? task.createdAt;
  const fail = (from: number | undefined, reason: string): Deadline => ({
    at: since(from) + limits.progressMs,
    event: { type: 'failed', reason: `${reason} within ${minutes(limits.progressMs)}` },
  });
  switch (task.state) {
    case 'pending':
      return { at: since(task.at.pending) + limits.decisionMs, event: { type: 'expire' } };
    case 'awaiting_merge_approval':
      return { at: since(task.at.awaiting_merge_approval) + limits.decisionMs, event: { type: 'expire' } };
    case 'starting':
    case 'running':
      return task.strategy === 'rerun'
        ? fail(task.at.starting, 'the re-run did not turn green')
        : fail(task.at.starting, 'no pull request appeared');
    case 'pr_open':
      return fail(task.at.pr_open, "the pull request's checks did not pass");
    case 'checks_passed':
      return fail(task.at.checks_passed, 'merge approval was not asked for');
    case 'merged':
      return fail(task.at.merged, 'CI gave no verdict on the merge commit');
    case 'regressed':
      return fail(task.at.regressed, 'no revert of the fix was opened');
    default:
      return undefined;
  }
}

/** When the task's current state runs out of time (epoch ms); undefined for a finished task. */
export function expiresAt(task: FixTask, limits: FixTaskLimits): number | undefined {
  return deadlineOf(task, limits)?.at;
}

/** The event a timeout owes the task at `now` (`expire`, or `failed` with a reason), if any. */
export function dueTimeout(task: FixTask, now: number, limits: FixTaskLimits): FixTaskEvent | undefined {
  const deadline = deadlineOf(task, limits);
  return deadline !== undefined && now >= deadline.at ? deadline.event : undefined;
}
