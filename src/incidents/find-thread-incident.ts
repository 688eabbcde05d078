import type { WatchTarget } from '../ci/index.js';
import { allSlots, type IncidentSlot, type WatchDoc, watchDocKey } from '../ci/index.js';
import type { Store } from '../core/ports.js';

/** An incident found by its Slack message, with the watch it belongs to. */
export interface ThreadIncident {
  readonly target: WatchTarget;
  readonly slot: IncidentSlot;
}

export interface FindThreadDeps {
  readonly store: Pick<Store, 'get'>;
  /** The watches whose incidents are posted to `channel`. */
  readonly targetsIn: (channel: string) => Promise<readonly WatchTarget[]>;
}

/**
 * The incident whose Slack message is `threadTs` in `channel`, or undefined. Bounded: only the
 * watches that post to that channel are looked at, each watch document is read once, and a
 * channel no watch posts to costs no read at all. A document holds the current incident and the
 * few earlier ones it keeps (see `prune`), so a reply to a long-forgotten incident finds nothing.
 */
export async function findThreadIncident(
  deps: FindThreadDeps,
  channel: string,
  threadTs: string,
): Promise<ThreadIncident | undefined> {
  for (const target of await deps.targetsIn(channel)) {
    const doc = (await deps.store.get<WatchDoc>(watchDocKey(target.watch)))?.value;
    if (doc === undefined) continue;
    const slot = allSlots(doc).find(
      ({ message }) => message !== undefined && message.channel === channel && message.ts === threadTs,
    );
    if (slot) return { target, slot };
  }
  return undefined;
}
