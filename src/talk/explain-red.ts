import { allSlots, WATCH_DOC_PREFIX, type WatchDoc } from '../ci/index.js';
import type { Store } from '../core/ports.js';
import type { Incident } from '../incidents/domain/incident.js';

export interface WhereAsked {
  readonly channel: string;
  /** The thread asked in, if any: the incident whose message it is answers alone. */
  readonly threadTs?: string;
}

/**
 * The incidents "why is CI red?" is about: asked in an incident's thread, that incident (whatever
 * its state); elsewhere, the open incidents posted in that channel.
 */
export async function explainRed(deps: { readonly store: Store }, where: WhereAsked): Promise<Incident[]> {
  const docs = await deps.store.list<WatchDoc>(WATCH_DOC_PREFIX);
  const slots = docs.flatMap((doc) => allSlots(doc.value));
  if (where.threadTs !== undefined) {
    const own = slots.find(
      (slot) => slot.message?.channel === where.channel && slot.message.ts === where.threadTs,
    );
    if (own !== undefined) return [own.incident];
  }
  return slots
    .filter((slot) => slot.incident.status === 'open' && slot.message?.channel === where.channel)
    .map((slot) => slot.incident);
}
