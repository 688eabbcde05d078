import type { WatchTarget } from '../ci/index.js';
import { EMPTY_WATCH_DOC, findSlot, type IncidentChannel, watchDocKey, withSlot } from '../ci/index.js';
import type { IncidentChannels } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import type { DrainDeps } from './drain-deps.js';

/** What incident channel work needs: the outbox's deps, and Slack's channel calls. */
export type ChannelDeps = DrainDeps & { readonly channels: IncidentChannels };

/** Records `change` on incident `id`'s channel state in one compare-and-set; answers the state now. */
export async function saveIncidentChannel(
  deps: DrainDeps,
  target: WatchTarget,
  id: string,
  change: Partial<IncidentChannel>,
): Promise<IncidentChannel> {
  let saved: IncidentChannel = { attempt: 1, ...change };
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc) => {
    const slot = findSlot(doc, id);
    if (slot === undefined) return undefined;
    saved = { ...(slot.incidentChannel ?? { attempt: 1 }), ...change };
    return withSlot(doc, id, { ...slot, incidentChannel: saved });
  });
  return saved;
}
