import {
  EMPTY_WATCH_DOC,
  enqueue,
  type FindTarget,
  findSlot,
  type OutboxWork,
  type WatchDoc,
  watchDocKey,
  watchKeyOfIncident,
  withSlot,
} from '../ci/index.js';
import type { Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import { workClaimed } from '../core/work-claimed.js';
import { type DrainDeps, drainOutbox } from '../incidents/index.js';
import { dueSteps, type EscalationState, markFired, nextStep } from './domain/escalation.js';

/** The store's due-time queue of incidents with an escalation step to come; members are incident IDs. */
export const ESCALATION_QUEUE = 'escalation';
/**
 * The queue as a tick claims from it: a claimed incident is held long enough for its Slack work,
 * short enough after a crash.
 */
const CLAIMED = {
  name: ESCALATION_QUEUE,
  leaseMs: 60_000,
  limit: 20,
  failed: 'Escalation step could not fire; retried after its lease',
} as const;

/** When the incident's escalation next needs a look: its first step not fired, due or to come. */
function wakeAt(state: EscalationState | undefined, now: number): number | undefined {
  if (state === undefined) return undefined;
  return dueSteps(state, now)[0]?.at ?? nextStep(state, now)?.at;
}

/**
 * Puts incident `id` in the due-time queue for its next step, or takes it out when no step is
 * left (acknowledged, resolved, all fired). Idempotent, so every look at a watch may call it:
 * the queue is only the wake-up; which step fires is decided in the watch document's CAS.
 */
export async function scheduleEscalation(
  store: Store,
  doc: WatchDoc,
  id: string,
  now: number,
): Promise<void> {
  const at = wakeAt(findSlot(doc, id)?.incident.escalation, now);
  if (at === undefined) await store.unschedule(ESCALATION_QUEUE, id);
  else await store.schedule(ESCALATION_QUEUE, id, at);
}

/**
 * Fires the steps of incident `id` that are due: in one compare-and-set they are recorded as
 * fired and their actions queued in the outbox under the current fencing token, so across
 * restarts and replicas each step fires once; then the outbox is delivered and the incident
 * scheduled for its next step. Answers how many steps fired.
 */
export async function fireIncidentSteps(
  deps: DrainDeps & { readonly findTarget: FindTarget },
  id: string,
): Promise<number> {
  const target = await deps.findTarget(watchKeyOfIncident(id));
  if (target === undefined) {
    // The watch left the config: nothing can be delivered for it any more.
    deps.log.warn({ incident: id }, 'Escalation dropped: its watch is no longer configured');
    await deps.store.unschedule(ESCALATION_QUEUE, id);
    return 0;
  }
  let fired = 0;
  const now = deps.clock.now();
  const { value } = await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc) => {
    fired = 0;
    const slot = findSlot(doc, id);
    const state = slot?.incident.escalation;
    if (slot === undefined || state === undefined) return undefined;
    const due = dueSteps(state, now);
    if (due.length === 0) return undefined;
    let escalation = state;
    const work: OutboxWork[] = [];
    for (const step of due) {
      escalation = markFired(escalation, step.key);
      for (const action of step.step.actions) {
        work.push({ kind: 'page', step: step.key, round: step.round, token: step.token, action });
      }
    }
    fired = due.length;
    const incident = { ...slot.incident, escalation };
    // A render too: the incident message's escalation line moves on to the next step.
    return enqueue(withSlot(doc, id, { ...slot, incident }), id, [...work, { kind: 'render' }]);
  });
  // Delivered before the next step is scheduled: a replica that dies in between leaves the
  // incident claimed, so it comes due again when the claim runs out, and that look delivers what
  // this one recorded (steps already fired, their work still in the outbox).
  if (fired > 0 || value.outbox.some((item) => item.incidentId === id)) await drainOutbox(deps, target);
  await scheduleEscalation(deps.store, value, id, now);
  return fired;
}

/**
 * One tick of escalation: claims the incidents whose next step is due (leased, so no other
 * replica takes them meanwhile; a replica that dies lets them become due again) and fires them.
 * One incident failing never stops the others; it stays claimed until its lease runs out.
 */
export function fireDueSteps(deps: DrainDeps & { readonly findTarget: FindTarget }): Promise<number> {
  return workClaimed(deps, CLAIMED, 'incident', (member) => fireIncidentSteps(deps, member));
}
