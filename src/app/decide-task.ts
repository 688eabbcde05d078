import type { FixTask } from '../domain/fix-task.js';
import type { FixTaskEvent } from '../domain/fix-task-event.js';
import { movedOn, transition } from '../domain/fix-task-transition.js';
import { noteRefusal } from '../domain/note-refusal.js';
import type { Pause } from '../domain/settings-doc.js';
import { isAllowed } from './authorize.js';
import { classifyFailure } from './classify-failure.js';
import { type DrainDeps, drainOutbox } from './drain-outbox.js';
import { type FindTarget, watchKeyOfIncident } from './incident-action.js';
import type { CiProvider, Settings } from './ports.js';
import { updateDoc } from './update-doc.js';
import { EMPTY_WATCH_DOC, enqueue, findSlot, type WatchDoc, watchDocKey, withSlot } from './watch-doc.js';
import type { WatchTarget } from './watch-target.js';

export interface DecideDeps extends DrainDeps {
  readonly ci: CiProvider;
  readonly settings: Settings;
  readonly findTarget: FindTarget;
  readonly approvers: readonly string[];
}

/** A button press on a task message: which task, at which version the clicker saw it. */
export interface TaskClick {
  readonly incidentId: string;
  readonly taskId: string;
  readonly version: number;
  readonly userId: string;
}

export type DecideOutcome =
  | { readonly kind: 'started'; readonly task: FixTask }
  | { readonly kind: 'dismissed'; readonly task: FixTask }
  | { readonly kind: 'not-allowed'; readonly approvers: readonly string[] }
  | { readonly kind: 'moved-on'; readonly reason: string }
  | { readonly kind: 'paused'; readonly pause: Pause }
  | { readonly kind: 'blocked'; readonly reason: string }
  | { readonly kind: 'gone' };

/** GitHub lets one workflow run be re-run at most 50 times. */
export const MAX_RUN_ATTEMPTS = 50;

type Change = { readonly task: FixTask } | { readonly refused: string } | undefined;

/**
 * Applies `change` to the clicked task with one compare-and-set on its watch document, so that
 * double clicks, two approvers and several replicas produce one winner. A click that names an
 * older version than the task's is refused: the message it came from is stale.
 */
async function changeTask(
  deps: DecideDeps,
  target: WatchTarget,
  click: TaskClick,
  change: (task: FixTask) => Change,
): Promise<Change | 'gone'> {
  let result: Change | 'gone' = 'gone';
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc: WatchDoc) => {
    const slot = findSlot(doc, click.incidentId);
    const task = slot?.task;
    if (slot === undefined || task === undefined || task.id !== click.taskId) {
      result = 'gone';
      return undefined;
    }
    if (task.version !== click.version) {
      result = { refused: movedOn(task) };
      return undefined;
    }
    result = change(task);
    if (result === undefined || 'refused' in result) return undefined;
    return enqueue(withSlot(doc, click.incidentId, { ...slot, task: result.task }), click.incidentId, [
      { kind: 'task' },
    ]);
  });
  return result;
}

/** Applies a lifecycle event; a refused one is only noted on the audit log. */
function apply(task: FixTask, event: FixTaskEvent, now: number): Change {
  const moved = transition(task, event, now);
  return moved.ok ? { task: moved.task } : { refused: moved.reason };
}

/** Notes a refused attempt (not an approver) on the task's audit log; best effort. */
async function noteRefused(deps: DecideDeps, target: WatchTarget, click: TaskClick, action: string) {
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc: WatchDoc) => {
    const slot = findSlot(doc, click.incidentId);
    if (slot?.task?.id !== click.taskId) return undefined;
    const task = noteRefusal(
      slot.task,
      { by: click.userId, action, reason: 'not an approver' },
      deps.clock.now(),
    );
    return withSlot(doc, click.incidentId, { ...slot, task });
  }).catch((error: unknown) => deps.log.warn({ err: error }, 'Refused click could not be noted'));
  deps.log.info(
    { task: click.taskId, user: click.userId, action },
    'Fix task click refused: not an approver',
  );
}

/** The click's watch, once its user is known to be an approver; else the outcome to answer. */
async function authorizeClick(deps: DecideDeps, click: TaskClick, action: string) {
  const target = await deps.findTarget(watchKeyOfIncident(click.incidentId));
  if (target === undefined) return { outcome: { kind: 'gone' } as const };
  if (!(await isAllowed(deps.chat, deps.approvers, click.userId))) {
    await noteRefused(deps, target, click, action);
    return { outcome: { kind: 'not-allowed', approvers: deps.approvers } as const };
  }
  return { target };
}

/**
 * Approve & Start: an approver starts the held remedy. Exactly one click wins the start (a
 * compare-and-set on the task's version), and only the winner asks GitHub. Fails closed: when
 * the pause or the opt-ins cannot be read, or Overseer is paused, nothing starts.
 */
export async function approveTask(deps: DecideDeps, click: TaskClick): Promise<DecideOutcome> {
  const found = await authorizeClick(deps, click, 'approve');
  if (found.outcome) return found.outcome;
  const { target } = found;
  const read = await deps.settings.read();
  if (!read.ok)
    return { kind: 'blocked', reason: `the pause and feature flags cannot be read (${read.cause})` };
  if (read.settings.pause) return { kind: 'paused', pause: read.settings.pause };

  const won = await changeTask(deps, target, click, (task) =>
    apply(task, { type: 'approve', by: click.userId }, deps.clock.now()),
  );
  if (won === 'gone') return { kind: 'gone' };
  if (won === undefined || 'refused' in won) return { kind: 'moved-on', reason: won?.refused ?? 'unknown' };

  const started = await startRerun(deps, target, won.task);
  await drainOutbox(deps, target);
  return { kind: 'started', task: started };
}

/** The remedy of a rerun task: re-run the failed jobs of its run, then follow the new attempt. */
async function startRerun(deps: DecideDeps, target: WatchTarget, task: FixTask): Promise<FixTask> {
  const { run } = task.plan;
  let event: FixTaskEvent;
  if (run.attempt >= MAX_RUN_ATTEMPTS) {
    event = {
      type: 'failed',
      reason: `GitHub allows at most ${MAX_RUN_ATTEMPTS} re-runs of one run, and run #${run.id} has had them`,
    };
  } else {
    try {
      await deps.ci.rerunFailedJobs(target.watch.repo, run.id);
      event = { type: 'remedy-started', attempt: run.attempt + 1 };
    } catch (error) {
      const { cause } = classifyFailure(error);
      deps.log.warn({ err: error, task: task.id, cause }, 'Fix task re-run refused by GitHub');
      const reason =
        cause === 'http 403'
          ? 'GitHub refused the re-run (403): the token needs Actions: write on this repo'
          : `GitHub could not re-run the failed jobs (${cause})`;
      event = { type: 'failed', reason };
    }
  }
  const next = await changeTask(deps, target, { ...clickOf(task), version: task.version }, (current) =>
    apply(current, event, deps.clock.now()),
  );
  return next !== 'gone' && next !== undefined && 'task' in next ? next.task : task;
}

function clickOf(task: FixTask): TaskClick {
  return { incidentId: task.incidentId, taskId: task.id, version: task.version, userId: 'overseer' };
}

/** Dismiss: an approver ends the held task; who and when go on its audit log and message. */
export async function dismissTask(
  deps: DecideDeps,
  click: TaskClick,
  reason: string,
): Promise<DecideOutcome> {
  const found = await authorizeClick(deps, click, 'dismiss');
  if (found.outcome) return found.outcome;
  const { target } = found;
  const done = await changeTask(deps, target, click, (task) =>
    apply(task, { type: 'dismiss', by: click.userId, reason }, deps.clock.now()),
  );
  if (done === 'gone') return { kind: 'gone' };
  if (done === undefined || 'refused' in done)
    return { kind: 'moved-on', reason: done?.refused ?? 'unknown' };
  await drainOutbox(deps, target);
  return { kind: 'dismissed', task: done.task };
}
