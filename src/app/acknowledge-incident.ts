import { acknowledge } from '../domain/incident.js';
import { type DrainDeps, drainOutbox } from './drain-outbox.js';
import { type FindTarget, watchKeyOfIncident } from './incident-action.js';
import { updateDoc } from './update-doc.js';
import { EMPTY_WATCH_DOC, enqueue, findSlot, watchDocKey, withSlot } from './watch-doc.js';

export type AckOutcome = 'acknowledged' | 'already-acknowledged' | 'resolved' | 'not-found';

/** Records that `userId` took an open incident on, in its message and thread. */
export async function acknowledgeIncident(
  deps: DrainDeps & { readonly findTarget: FindTarget },
  incidentId: string,
  userId: string,
): Promise<AckOutcome> {
  const target = deps.findTarget(watchKeyOfIncident(incidentId));
  if (target === undefined) return 'not-found';
  let outcome = 'not-found' as AckOutcome;
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc) => {
    const slot = findSlot(doc, incidentId);
    if (slot === undefined) return void (outcome = 'not-found');
    if (slot.incident.status !== 'open') return void (outcome = 'resolved');
    if (slot.incident.acknowledgedBy !== undefined) return void (outcome = 'already-acknowledged');
    outcome = 'acknowledged';
    const incident = acknowledge(slot.incident, userId, deps.clock.now());
    return enqueue(withSlot(doc, incidentId, { ...slot, incident }), incidentId, [
      { kind: 'render' },
      { kind: 'note', note: { type: 'acknowledged', userId } },
    ]);
  });
  if (outcome === 'acknowledged') await drainOutbox(deps, target);
  return outcome;
}
