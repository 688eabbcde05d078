import type { Store } from '../../core/ports.js';

/** How long a claim keeps a repeat off: the handling acks within 3 s and answers well within 30. */
const CLAIM_MS = 30_000;
/** Slack retries within minutes (events: 3 times over ~5 min); an hour of "done" covers any retry. */
const DONE_MS = 60 * 60_000;
/** Most "done" marks an in-process ledger remembers; past it the oldest go (the store keeps them). */
const REMEMBERED = 50_000;

/**
 * Who is handling a Slack delivery and whether it was handled. `take` succeeds for exactly one of
 * any racing takers; `done` answers who handled it (`retry`: Slack marked this one as a repeat);
 * `finish` records it handled for an hour, durably; `release` lets the claim go.
 */
export interface DeliveryClaims {
  take(key: string, owner: string): Promise<boolean>;
  done(key: string, retry: boolean): Promise<string | undefined>;
  finish(key: string, owner: string): Promise<void>;
  release(key: string, owner: string): Promise<void>;
}

/** Claims and marks in the store, shared by every replica on it (Redis). */
export function storeDeliveryClaims(store: Store): DeliveryClaims {
  return {
    take: (key, owner) => store.setIfAbsent(`${key}:claim`, owner, CLAIM_MS),
    done: (key) => store.getMarker(`${key}:done`),
    finish: async (key, owner) => void (await store.setIfAbsent(`${key}:done`, owner, DONE_MS)),
    release: (key, owner) =>
      store.releaseMarker(`${key}:claim`, owner).then(
        () => undefined,
        () => undefined,
      ),
  };
}

/**
 * For a store only this process opens (the embedded store: its data dir is locked). Claims live in
 * memory (a crash drops them, as their expiry would), and so do the "done" marks of this process's
 * life, written to the store too for the life after a restart. So a first delivery costs no store
 * call before it is handled: its only possible repeats are Slack's retries, which come later and
 * find it claimed or done here. A retry also reads the store, in case the first came before a
 * restart.
 */
export function inProcessDeliveryClaims(store: Store, now: () => number = Date.now): DeliveryClaims {
  const claims = new Map<string, string>();
  const finished = new Map<string, { readonly by: string; readonly until: number }>();
  return {
    take: async (key, owner) => {
      if (claims.has(key)) return false;
      claims.set(key, owner);
      return true;
    },
    done: async (key, retry) => {
      const mark = finished.get(key);
      if (mark !== undefined && mark.until > now()) return mark.by;
      return retry ? store.getMarker(`${key}:done`) : undefined;
    },
    finish: async (key, owner) => {
      finished.delete(key);
      finished.set(key, { by: owner, until: now() + DONE_MS });
      for (const oldest of finished.keys()) {
        if (finished.size <= REMEMBERED) break;
        finished.delete(oldest);
      }
      await store.setIfAbsent(`${key}:done`, owner, DONE_MS);
    },
    release: async (key, owner) => {
      if (claims.get(key) === owner) claims.delete(key);
    },
  };
}
