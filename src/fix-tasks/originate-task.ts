import type { OpenCaps } from '../ci/domain/may-open.js';
import type { WatchTarget } from '../ci/index.js';
import { EMPTY_WATCH_DOC, enqueue, type WatchDoc, watchDocKey } from '../ci/index.js';
import { watchKey } from '../core/domain/types.js';
import type { Clock, FixForge, Log, PullInfo, Settings, Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import type { Incident } from '../incidents/domain/incident.js';
import { type FixPlan, type FixTask, openFixTask } from './domain/fix-task.js';
import { transition } from './domain/fix-task-transition.js';
import { revertRefusal } from './domain/revert-ladder.js';
import { type FixSettings, readRevertFacts } from './fix-remedy.js';
import { dropReservation, RESERVATION_GRACE_MS, reserveTask } from './task-book.js';

export interface OriginateDeps {
  readonly store: Store;
  readonly settings: Settings;
  readonly clock: Clock;
  readonly log: Log;
  readonly caps: OpenCaps;
  /** The cycle window `maxPerCycle` counts in: the schedule's interval. */
  readonly windowMs: () => number;
  /** The repo's `fix` settings (strategy default rerun). */
  readonly fixOf: (target: WatchTarget) => FixSettings;
  /** GitHub, for the revert strategy's safety ladder. */
  readonly forge: FixForge;
  /**
   * True once the process is stopping (SIGTERM, with replicas): no place is taken in the task book
   * then, since the process may be gone before the task is recorded; another replica proposes it.
   */
  readonly stopping?: () => boolean;
}

/** The plan a task of `fix` states for `incident`. */
function planFor(fix: FixSettings, incident: Incident, pull: PullInfo | undefined): FixPlan {
  const { run, headSha } = incident;
  switch (fix.strategy) {
    case 'rerun':
      return { strategy: 'rerun', run, headSha };
    case 'revert': {
      const commit = incident.suspects[0]?.sha ?? incident.firstRedSha;
      return {
        strategy: 'revert',
        run,
        headSha,
        commit,
        ...(pull === undefined ? {} : { pull: { number: pull.number, url: pull.url } }),
      };
    }
    case 'dispatch':
      return { strategy: 'dispatch', run, headSha, workflow: fix.workflow ?? '' };
    case 'issue':
      return {
        strategy: 'issue',
        run,
        headSha,
        ...(fix.assignee === undefined ? {} : { assignee: fix.assignee }),
      };
  }
}

/**
 * A revert the safety ladder refuses is still shown, failed with the refusal as its reason, so
 * people see why no revert was proposed instead of seeing nothing.
 */
function refuseIfUnsafe(task: FixTask, refusal: string | undefined, now: number): FixTask {
  if (refusal === undefined) return task;
  const failed = transition(task, { type: 'failed', reason: `no revert proposed: ${refusal}` }, now);
  return failed.ok ? failed.task : task;
}

export type OriginateOutcome =
  | { readonly kind: 'opened'; readonly taskId: string }
  | { readonly kind: 'skipped'; readonly reason: string }
  /**
   * Not decided now (the opt-ins cannot be read, the place is held, the process is stopping): the
   * proposal stays owed, tried again at `retryAt` when that is known.
   */
  | { readonly kind: 'later'; readonly reason: string; readonly retryAt?: number };

/**
 * After a regression, proposes a fix task for the incident, held at pending: nothing runs until an
 * approver presses Approve & Start. Autonomy fails closed: when the opt-ins or the pause cannot
 * be read, or Overseer is paused, no task is opened (the incident itself was already recorded).
 * The caps are taken in the task book first; the task then goes into the incident's slot, and the
 * proposal owed for it (task-proposal.ts) is taken out in the same write.
 */
export async function originateTask(
  deps: OriginateDeps,
  target: WatchTarget,
  incidentId: string,
): Promise<OriginateOutcome> {
  const read = await deps.settings.read();
  if (!read.ok) return { kind: 'later', reason: `settings cannot be read (${read.cause})` };
  if (!read.settings.selfHeal.originate) return { kind: 'skipped', reason: 'originate is off' };
  if (read.settings.pause) return { kind: 'skipped', reason: 'paused' };
  const fix = deps.fixOf(target);

  const key = watchDocKey(target.watch);
  const doc = (await deps.store.get<WatchDoc>(key))?.value;
  const slot = doc?.current;
  if (slot?.incident.id !== incidentId || slot.incident.status !== 'open' || slot.task !== undefined) {
    return { kind: 'skipped', reason: 'the incident is not open, or already has a task' };
  }
  // Decided ignore or queue: recorded, never posted, so no task either.
  if (slot.incident.quiet === true) return { kind: 'skipped', reason: 'the incident is recorded quietly' };
  // The revert ladder is read before a place is taken: a refusal still shows, as a failed task.
  const ladder =
    fix.strategy === 'revert' ? await readRevertFacts(deps.forge, target, slot.incident) : undefined;
  const now = deps.clock.now();
  // Checked again here: the ladder's read may have outlasted the signal.
  if (deps.stopping?.()) return { kind: 'later', reason: 'this process is stopping', retryAt: now };
  const reserved = await reserveTask(deps.store, {
    incidentId,
    watchKey: watchKey(target.watch),
    now,
    windowMs: deps.windowMs(),
    caps: deps.caps,
  });
  // Held already: another replica is recording this incident's task, or crashed before it did
  // (its place is freed after a grace period); tried again once that period is over.
  if (!reserved.ok) {
    const { heldSince, reason } = reserved;
    if (heldSince === undefined) return { kind: 'skipped', reason };
    return { kind: 'later', reason, retryAt: heldSince + RESERVATION_GRACE_MS };
  }

  let opened = false;
  await updateDoc(deps.store, key, EMPTY_WATCH_DOC, (current) => {
    const held = current.current;
    if (held?.incident.id !== incidentId || held.incident.status !== 'open' || held.task !== undefined)
      return undefined;
    const plan = planFor(fix, held.incident, ladder?.pull);
    const task = refuseIfUnsafe(
      openFixTask({ id: reserved.taskId, incidentId, watch: target.watch, plan, now }),
      ladder === undefined ? undefined : revertRefusal(ladder.facts, now),
      now,
    );
    opened = true;
    // The task recorded, the proposal owed for it is done: in the same write.
    const { proposal: _done, ...slot } = held;
    return enqueue({ ...current, current: { ...slot, task } }, incidentId, [{ kind: 'task' }]);
  });
  if (!opened) {
    await dropReservation(deps.store, reserved.taskId);
    return { kind: 'skipped', reason: 'the incident moved on before its task was recorded' };
  }
  deps.log.info({ task: reserved.taskId, incident: incidentId }, 'Fix task proposed');
  return { kind: 'opened', taskId: reserved.taskId };
}
