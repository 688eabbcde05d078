import {
  EMPTY_WATCH_DOC,
  enqueue,
  type FindTarget,
  findSlot,
  watchDocKey,
  watchKeyOfIncident,
  withSlot,
} from '../ci/index.js';
import { updateDoc } from '../core/update-doc.js';
import { acknowledge, type Incident } from './domain/incident.js';
import { type DrainDeps, drainOutbox } from './drain-outbox.js';

export type AckOutcome = 'acknowledged' | 'already-acknowledged' | 'resolved' | 'not-found';

function refusal(incident: Incident | undefined): AckOutcome | undefined {
  if (incident === undefined) return 'not-found';
  if (incident.status !== 'open') return 'resolved';
  if (incident.acknowledgedBy !== undefined) return 'already-acknowledged';
  return undefined;
}

/** Records that `userId` took an open incident on, in its message and thread. */
export async function acknowledgeIncident(
  deps: DrainDeps & { readonly findTarget: FindTarget },
  incidentId: string,
  userId: string,
): Promise<AckOutcome> {
  const target = await deps.findTarget(watchKeyOfIncident(incidentId));
  if (target === undefined) return 'not-found';
  let outcome = 'not-found' as AckOutcome;
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc) => {
    const slot = findSlot(doc, incidentId);
    outcome = refusal(slot?.incident) ?? 'acknowledged';
    if (slot === undefined || outcome !== 'acknowledged') return undefined;
    // The incident's escalation is acknowledged in the same write: its fencing token changes, so
    // no step taken before fires, and the DMs already sent are updated to say who took it.
    const incident = acknowledge(slot.incident, userId, deps.clock.now());
    return enqueue(withSlot(doc, incidentId, { ...slot, incident }), incidentId, [
      { kind: 'render' },
      { kind: 'note', note: { type: 'acknowledged', userId } },
      ...(slot.dms?.length ? [{ kind: 'dms' } as const] : []),
    ]);
  });
  if (outcome === 'acknowledged') await drainOutbox(deps, target);
  return outcome;
}
