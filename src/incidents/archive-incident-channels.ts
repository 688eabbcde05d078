import type { WatchTarget } from '../ci/index.js';
import {
  allSlots,
  channelToArchive,
  EMPTY_WATCH_DOC,
  enqueue,
  type IncidentSlot,
  type WatchDoc,
  watchDocKey,
} from '../ci/index.js';
import type { Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import { type ChannelDeps, saveIncidentChannel, withChannels } from './save-incident-channel.js';
import { doneWith, type ItemOf, type Performing, type Step } from './step.js';

/** How long an incident's own channel stays open after its incident was resolved. */
export const ARCHIVE_AFTER_MS = 24 * 60 * 60_000;

/** Incidents of `doc` whose channel is due for archiving at `now` and not queued for it yet. */
function dueForArchive(doc: WatchDoc, now: number): IncidentSlot[] {
  const queued = new Set(doc.outbox.filter((item) => item.kind === 'archive').map((item) => item.incidentId));
  return allSlots(doc).filter((slot) => {
    const { incident, incidentChannel } = slot;
    if (incidentChannel?.id === undefined || !channelToArchive(slot)) return false;
    if (incident.status === 'open' || incident.resolvedAt === undefined) return false;
    return incident.resolvedAt + ARCHIVE_AFTER_MS <= now && !queued.has(incident.id);
  });
}

/**
 * Queues the archiving of every incident channel of the watch whose incident was resolved a day
 * ago or more. Called on each look at the watch; decided in the document's compare-and-set, so
 * however many replicas look, each channel is queued (and so archived) once. Answers how many.
 */
export async function queueChannelArchives(
  store: Store,
  target: WatchTarget,
  seen: WatchDoc,
  now: number,
): Promise<number> {
  // The document just read decides whether a write is worth trying: most looks cost nothing.
  if (dueForArchive(seen, now).length === 0) return 0;
  let queued = 0;
  await updateDoc(store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc) => {
    const due = dueForArchive(doc, now);
    queued = due.length;
    if (due.length === 0) return undefined;
    let next = doc;
    for (const slot of due) next = enqueue(next, slot.incident.id, [{ kind: 'archive' }]);
    return next;
  });
  return queued;
}

/** Archives the incident's channel and records it; a refusal (bot removed) is recorded, not retried. */
async function archiveIncidentChannel(
  deps: ChannelDeps,
  target: WatchTarget,
  slot: IncidentSlot,
): Promise<void> {
  const channel = slot.incidentChannel?.id;
  if (channel === undefined || !channelToArchive(slot)) return;
  const outcome = await deps.channels.archive(channel);
  if (outcome !== 'archived') {
    deps.log.warn(
      { incident: slot.incident.id, channel, reason: outcome },
      'Incident channel could not be archived; archive it by hand',
    );
  }
  await saveIncidentChannel(
    deps,
    target,
    slot.incident.id,
    outcome === 'archived' ? { archived: true } : { archiveRefused: outcome },
  );
}

/** The `archive` item: the incident's own channel archived, when Overseer has channel access. */
export async function performArchive({
  deps,
  target,
  slot,
  item,
}: Performing<ItemOf<'archive'>>): Promise<Step> {
  const channelDeps = withChannels(deps, item);
  if (channelDeps !== undefined) await archiveIncidentChannel(channelDeps, target, slot);
  return doneWith(item);
}
