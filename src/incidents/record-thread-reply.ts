import type { WatchTarget } from '../ci/index.js';
import { EMPTY_WATCH_DOC, findSlot, watchDocKey, withSlot } from '../ci/index.js';
import type { Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import { addReply, type ThreadReply } from './domain/thread-replies.js';

/**
 * Puts a person's reply in an incident's thread on the incident's timeline: one compare-and-set
 * on the watch document. Nothing is posted. Answers false when the document no longer holds the
 * incident, or already holds the reply (a repeat delivery).
 */
export async function recordThreadReply(
  deps: { readonly store: Store },
  target: WatchTarget,
  incidentId: string,
  reply: ThreadReply,
): Promise<boolean> {
  const { changed } = await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc) => {
    const slot = findSlot(doc, incidentId);
    if (slot === undefined) return undefined;
    const replies = addReply(slot.incident.replies, reply);
    if (replies === slot.incident.replies) return undefined;
    return withSlot(doc, incidentId, { ...slot, incident: { ...slot.incident, replies } });
  });
  return changed;
}
