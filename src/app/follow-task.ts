import type { DecisionRule } from '../domain/decision-rule.js';
import type { EpisodeEvent } from '../domain/episode.js';
import type { FixTask } from '../domain/fix-task.js';
import { DEFAULT_FIX_TASK_LIMITS, dueTimeout } from '../domain/fix-task-deadline.js';
import type { FixTaskEvent } from '../domain/fix-task-event.js';
import { isOpen } from '../domain/fix-task-lifecycle.js';
import { transition } from '../domain/fix-task-transition.js';
import type { ThreadNote } from '../domain/thread-note.js';
import { fixAlertWork } from './fix-alert-work.js';
import { enqueue, type WatchDoc } from './watch-doc.js';

/** What the watch's latest step means for its incident's open task, if anything. */
function taskEvent(task: FixTask, event: EpisodeEvent | undefined, now: number): FixTaskEvent | undefined {
  if (event?.type === 'recovered' || event?.type === 'flaky') {
    if (task.state === 'pending') return { type: 'recovered' };
    if (task.state === 'running' && task.strategy === 'rerun') return { type: 'verified' };
  }
  const attempt = task.refs.rerunAttempt;
  if (
    event?.type === 'still-red' &&
    !event.newCommit &&
    task.state === 'running' &&
    attempt !== undefined &&
    event.run.id === task.plan.run.id &&
    event.run.attempt >= attempt
  ) {
    return { type: 'failed', reason: `the re-run (attempt ${event.run.attempt}) failed again` };
  }
  return dueTimeout(task, now, DEFAULT_FIX_TASK_LIMITS);
}

/**
 * Moves the current incident's fix task by what the watch just did (recovered before approval:
 * obsolete; the re-run turned green: verified; it failed again: failed) or by its deadline, and
 * queues its message's update. Undefined when the task did not move.
 */
export function followTask(
  doc: WatchDoc,
  event: EpisodeEvent | undefined,
  now: number,
  approvers: readonly string[] = [],
  rules: readonly DecisionRule[] = [],
): WatchDoc | undefined {
  const slot = doc.current;
  const task = slot?.task;
  if (slot === undefined || task === undefined || !isOpen(task)) return undefined;
  const happened = taskEvent(task, event, now);
  if (happened === undefined) return undefined;
  const moved = transition(task, happened, now);
  if (!moved.ok) return undefined;
  // A started fix that fails calls the approvers; a held one that expires or turns obsolete does not.
  const alert =
    moved.task.state === 'failed' && task.state !== 'pending' && !(task.alerts ?? []).includes('failed');
  const next = alert ? { ...moved.task, alerts: [...(task.alerts ?? []), 'failed'] } : moved.task;
  const note: Extract<ThreadNote, { type: 'fix-alert' }> = {
    type: 'fix-alert',
    taskId: task.id,
    alert: 'failed',
    detail: `it failed: ${moved.task.failReason ?? 'no reason recorded'}`,
    mention: approvers,
  };
  // The fix failed: decided (a barge-in by default), in the same write as the task's move.
  const alerted = alert
    ? fixAlertWork(slot.incident, note, rules, now)
    : { incident: slot.incident, work: [] };
  return enqueue({ ...doc, current: { ...slot, incident: alerted.incident, task: next } }, slot.incident.id, [
    { kind: 'task' },
    ...alerted.work,
  ]);
}

/** IDs of the open tasks a watch document holds. */
export function openTaskIds(doc: WatchDoc): Set<string> {
  const ids = new Set<string>();
  for (const slot of [doc.current, ...(doc.earlier ?? [])]) {
    if (slot?.task && isOpen(slot.task)) ids.add(slot.task.id);
  }
  return ids;
}
