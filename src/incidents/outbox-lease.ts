import { randomUUID } from 'node:crypto';
import type { Log, Store } from '../core/ports.js';

export interface Lease {
  /** False once the lease was lost (expired, or taken over): no further Slack write may start. */
  held(): boolean;
  release(): Promise<void>;
}

/**
 * Leases this process let go of but could not release (the store failed at that moment, as when
 * Redis stops), by key, with the owner they were taken as. Left standing, such a lease would hold
 * back the watch's Slack work until it runs out (a minute) though nobody works under it: the next
 * drain here releases it first. Only a marker still holding that owner is released, so a lease
 * another replica took meanwhile is never touched.
 */
const abandoned = new Map<string, string>();

/**
 * Takes the watch's outbox lease and keeps renewing it while the holder works, so a slow Slack
 * call never lets a second replica deliver the same work. Undefined when another holder has it.
 */
export async function holdLease(
  deps: { readonly store: Store; readonly log: Log },
  key: string,
  leaseMs: number,
): Promise<Lease | undefined> {
  const owner = randomUUID();
  if (!(await deps.store.setIfAbsent(key, owner, leaseMs))) {
    const mine = abandoned.get(key);
    if (mine === undefined) return undefined;
    // Released now, or run out, or never ours again: the entry has done its work either way.
    if (await deps.store.releaseMarker(key, mine))
      deps.log.info({ lease: key }, 'Outbox lease left by a store failure released');
    abandoned.delete(key);
    if (!(await deps.store.setIfAbsent(key, owner, leaseMs))) return undefined;
  }
  let held = true;
  const renew = async () => {
    const kept = await deps.store.renewMarker(key, owner, leaseMs).catch(() => false);
    if (!kept && held) {
      held = false;
      deps.log.warn({ lease: key }, 'Outbox lease lost; delivery stops after the call under way');
    }
  };
  const timer = setInterval(() => void renew(), Math.floor(leaseMs / 3));
  timer.unref();
  return {
    held: () => held,
    async release() {
      clearInterval(timer);
      held = false;
      await deps.store.releaseMarker(key, owner).catch((error: unknown) => {
        abandoned.set(key, owner);
        deps.log.warn(
          { err: error },
          'Outbox lease could not be released; the next drain here releases it, or it expires by itself',
        );
      });
    },
  };
}
