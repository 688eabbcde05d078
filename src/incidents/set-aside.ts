import type { OutboxItem, SetAside, WatchDoc } from '../ci/index.js';
import type { DeliveryRefusedError } from '../core/delivery-refused.js';

/** How many set-aside items a watch document keeps (the newest). */
export type { SetAside };

export const MAX_SET_ASIDE = 20;

/**
 * The document with `item` taken out of the outbox and kept among the set-aside items, so the
 * items behind it go on; undefined when the item is no longer owed (someone else settled it).
 */
export function setAsideItem(
  doc: WatchDoc,
  item: OutboxItem,
  refused: Pick<DeliveryRefusedError, 'method' | 'code' | 'channel'>,
  at: number,
): WatchDoc | undefined {
  if (!doc.outbox.some((queued) => queued.id === item.id)) return undefined;
  const kept: SetAside = { item, method: refused.method, code: refused.code, channel: refused.channel, at };
  return {
    ...doc,
    outbox: doc.outbox.filter((queued) => queued.id !== item.id),
    setAside: [kept, ...(doc.setAside ?? [])].slice(0, MAX_SET_ASIDE),
  };
}
