import type { OutboxItem, WatchDoc } from '../ci/watch-doc.js';
import type { DeliveryRefusedError } from '../core/delivery-refused.js';

/** An outbox item Slack refused for good, kept with Slack's reason for the admins to see. */
export interface SetAside {
  readonly item: OutboxItem;
  /** The Web API method refused (`chat.update`). */
  readonly method: string;
  /** Slack's error code (`message_not_found`). */
  readonly code: string;
  /** The channel (or user, for a DM) the call was about. */
  readonly channel: string;
  /** When it was set aside (epoch ms). */
  readonly at: number;
}

/** How many set-aside items a watch document keeps (the newest). */
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
