import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../../core/ports.js';

/** How long a claim keeps a repeat off: the handling acks within 3 s and answers well within 30. */
const CLAIM_MS = 30_000;
/** Slack retries within minutes (events: 3 times over ~5 min); an hour of "done" covers any retry. */
const DONE_MS = 60 * 60_000;
/** Most "done" marks an in-process ledger remembers; past it the oldest go (the store keeps them). */
const REMEMBERED = 50_000;
/**
 * How long an in-process ledger gathers "done" marks into one write. Under load that is one
 * durable write (and one fsync holding SQLite's lock, which the event loop waits on when it reads)
 * per this many ms, not one per turn of the event loop; no ack waits for it.
 */
export const DONE_BATCH_MS = 50;

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

/** Where the in-process ledger writes its "done" marks: one document per batch of them. */
export const DONE_BATCH_PREFIX = 'slack-deliveries-done:';

interface DoneBatch {
  /** Delivery key -> who handled it. */
  readonly marks: Readonly<Record<string, string>>;
  /** Epoch ms after which the batch is forgotten. */
  readonly until: number;
}

/**
 * For a store only this process opens (the embedded store: its data dir is locked). Claims live in
 * memory (a crash drops them, as their expiry would; they expire after 30 s like the store's), and so do the "done" marks of this process's
 * life. So a first delivery costs no store call before it is handled: its only possible repeats are
 * Slack's retries, which come later and find it claimed or done here. The marks are also written to
 * the store for the life after a restart, those finished within DONE_BATCH_MS in one document (one
 * durable write, not one per delivery), and `finish` resolves once its batch is written. Expired
 * batches are removed by key, without reading them (those of earlier lives are read once). A retry not known
 * here reads them from the store, in case the first came before a restart.
 */
export function inProcessDeliveryClaims(
  store: Store,
  now: () => number = Date.now,
  { batchMs = DONE_BATCH_MS, forgetEvery = FORGET_EVERY }: { batchMs?: number; forgetEvery?: number } = {},
): DeliveryClaims {
  const claims = new Map<string, { readonly owner: string; readonly until: number }>();
  const finished = new Map<string, { readonly by: string; readonly until: number }>();
  let pending: Record<string, string> = {};
  let flushing: Promise<void> | undefined;
  let batches = 0;
  const id = randomUUID();

  /** The batches this ledger wrote, oldest first, until they are removed. */
  const written: Array<{ readonly key: string; readonly until: number }> = [];
  let leftoversSought = false;
  const forgetExpired = async (at: number) => {
    // Those of earlier lives of the process are found once; this life's are known.
    if (!leftoversSought) {
      leftoversSought = true;
      const mine = new Set(written.map((batch) => batch.key));
      for (const batch of await store.list<DoneBatch>(DONE_BATCH_PREFIX)) {
        if (!mine.has(batch.key) && batch.value.until <= at) await store.remove(batch.key, batch.version);
      }
    }
    for (let oldest = written[0]; oldest !== undefined && oldest.until <= at; oldest = written[0]) {
      written.shift();
      await store.remove(oldest.key, 1);
    }
  };

  const flush = async () => {
    // Let every handling that ends within DONE_BATCH_MS join the batch.
    await sleep(batchMs);
    const marks = pending;
    pending = {};
    flushing = undefined;
    batches += 1;
    const at = now();
    const key = `${DONE_BATCH_PREFIX}${String(at).padStart(15, '0')}:${id}:${batches}`;
    await store.put<DoneBatch>(key, { marks, until: at + DONE_MS }, 0);
    written.push({ key, until: at + DONE_MS });
    if (batches % forgetEvery === 0) await forgetExpired(at);
  };

  return {
    take: async (key, owner) => {
      // A claim expires as the store's would: a handling stuck past it lets a retry through.
      if ((claims.get(key)?.until ?? 0) > now()) return false;
      claims.set(key, { owner, until: now() + CLAIM_MS });
      return true;
    },
    done: async (key, retry) => {
      const mark = finished.get(key);
      if (mark !== undefined && mark.until > now()) return mark.by;
      if (!retry) return undefined;
      const at = now();
      for (const batch of await store.list<DoneBatch>(DONE_BATCH_PREFIX)) {
        const by = batch.value.until > at ? batch.value.marks[key] : undefined;
        if (by !== undefined) return by;
      }
      return store.getMarker(`${key}:done`);
    },
    finish: async (key, owner) => {
      finished.delete(key);
      finished.set(key, { by: owner, until: now() + DONE_MS });
      for (const oldest of finished.keys()) {
        if (finished.size <= REMEMBERED) break;
        finished.delete(oldest);
      }
      pending[key] = owner;
      flushing ??= flush();
      await flushing;
    },
    release: async (key, owner) => {
      if (claims.get(key)?.owner === owner) claims.delete(key);
    },
  };
}

/** Every this many batches written, the expired ones are removed. */
const FORGET_EVERY = 100;
