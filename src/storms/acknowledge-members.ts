import { type FindTarget, findSlot, type WatchDoc, watchDocKey, watchKeyOfIncident } from '../ci/index.js';
import type { Store } from '../core/ports.js';

export interface AckMembersDeps {
  readonly store: Store;
  readonly findTarget: FindTarget;
}

/**
 * After the storm's lead `leadId` was acknowledged: acknowledges each watch still red in its storm
 * with `acknowledge` (the incidents' own use case), so `/overseer incidents` and the Home tab show
 * them taken too. Nothing is posted for them (a joined incident has no message). Answers how many.
 */
export async function acknowledgeMembers(
  deps: AckMembersDeps,
  leadId: string,
  acknowledge: (incidentId: string) => Promise<unknown>,
): Promise<number> {
  const lead = await deps.findTarget(watchKeyOfIncident(leadId));
  if (lead === undefined) return 0;
  const doc = (await deps.store.get<WatchDoc>(watchDocKey(lead.watch)))?.value;
  const members = (doc === undefined ? undefined : findSlot(doc, leadId))?.incident.storm?.members ?? [];
  let count = 0;
  for (const member of members) {
    if (member.status !== 'open') continue;
    await acknowledge(member.incidentId);
    count += 1;
  }
  return count;
}
