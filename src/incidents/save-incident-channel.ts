import type { OutboxItem, WatchTarget } from '../ci/index.js';
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

/** The deps with Slack's channel calls, or undefined (the item's work dropped, and logged) without them. */
export function withChannels(deps: DrainDeps, item: OutboxItem): ChannelDeps | undefined {
  if (deps.channels !== undefined) return { ...deps, channels: deps.channels };
  deps.log.warn(
    { incident: item.incidentId, kind: item.kind },
    'Incident channel work dropped: no channel access',
  );
  return undefined;
}
