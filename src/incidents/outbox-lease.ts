import { randomUUID } from 'node:crypto';
import type { Log, Store } from '../core/ports.js';

export interface Lease {
  /** False once the lease was lost (expired, or taken over): no further Slack write may start. */
  held(): boolean;
  release(): Promise<void>;
}

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
  if (!(await deps.store.setIfAbsent(key, owner, leaseMs))) return undefined;
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
        deps.log.warn({ err: error }, 'Outbox lease could not be released; it expires by itself');
      });
    },
  };
}
