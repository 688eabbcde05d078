import type { EpisodeEvent } from '../ci/domain/episode.js';
import { allSlots, enqueue, type IncidentSlot, type WatchDoc, withSlot } from '../ci/index.js';
import type { DecisionRule } from '../escalation/domain/decision-rule.js';
import { fixAlertWork } from '../escalation/index.js';
import type { Incident } from '../incidents/domain/incident.js';
import type { ThreadNote } from '../incidents/domain/thread-note.js';
import type { FixTask } from './domain/fix-task.js';
import { DEFAULT_FIX_TASK_LIMITS, dueTimeout } from './domain/fix-task-deadline.js';
import type { FixTaskEvent } from './domain/fix-task-event.js';
import { isOpen } from './domain/fix-task-lifecycle.js';
import { transition } from './domain/fix-task-transition.js';

/**
 * The watch went green by itself: the incident was resolved while its task was still held, or
 * before its remedy started (an approval racing the recovery).
 */
function greenByItself(task: FixTask, incident: Incident): boolean {
  if (incident.status === 'open' || incident.resolvedAt === undefined) return false;
  if (task.state === 'pending') return true;
  const started = task.at.running;
  return task.state === 'running' && started !== undefined && incident.resolvedAt <= started;
}

/** What the watch's latest step (for the current incident) means for a task, if anything. */
function taskEvent(
  task: FixTask,
  incident: Incident,
  event: EpisodeEvent | undefined,
  now: number,
): FixTaskEvent | undefined {
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
  if (greenByItself(task, incident)) return { type: 'recovered' };
  return dueTimeout(task, now, DEFAULT_FIX_TASK_LIMITS);
}

/** The document with `slot`'s task moved by `happened`, its message update and any alert queued. */
function moveTask(
  doc: WatchDoc,
  slot: IncidentSlot & { readonly task: FixTask },
  happened: FixTaskEvent,
  now: number,
  approvers: readonly string[],
  rules: readonly DecisionRule[],
): WatchDoc | undefined {
  const { task } = slot;
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
  const id = slot.incident.id;
  return enqueue(withSlot(doc, id, { ...slot, incident: alerted.incident, task: next }), id, [
    { kind: 'task' },
    ...alerted.work,
  ]);
}

/**
 * Moves the open fix tasks of the watch's incidents, the current one and the earlier ones alike,
 * and queues their messages' updates: by what the watch just did (for the current incident:
 * recovered before approval, obsolete; the re-run turned green, verified; it failed again,
 * failed), by the watch having gone green by itself (obsolete), or by their deadlines, checked on
 * every look. Undefined when no task moved.
 */
export function followTask(
  doc: WatchDoc,
  event: EpisodeEvent | undefined,
  now: number,
  approvers: readonly string[] = [],
  rules: readonly DecisionRule[] = [],
): WatchDoc | undefined {
  let next: WatchDoc | undefined;
  for (const slot of allSlots(doc)) {
    const task = slot.task;
    if (task === undefined || !isOpen(task)) continue;
    const current = slot.incident.id === doc.current?.incident.id;
    const happened = taskEvent(task, slot.incident, current ? event : undefined, now);
    if (happened === undefined) continue;
    next = moveTask(next ?? doc, { ...slot, task }, happened, now, approvers, rules) ?? next;
  }
  return next;
}

/** IDs of the open tasks a watch document holds. */
export function openTaskIds(doc: WatchDoc): Set<string> {
  const ids = new Set<string>();
  for (const slot of allSlots(doc)) {
    if (slot.task && isOpen(slot.task)) ids.add(slot.task.id);
  }
  return ids;
}
