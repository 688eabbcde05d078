import type { Clock, Log, Store } from './ports.js';

/** A due-time queue of the store that replicas share: its name, and how a tick claims from it. */
export interface ClaimedQueue {
  readonly name: string;
  /** How long a claim holds a member: a replica that dies with it lets it come due again after. */
  readonly leaseMs: number;
  /** Members one tick takes; the rest are due still, and the next tick takes them. */
  readonly limit: number;
  /** Logged with a member whose work threw. */
  readonly failed: string;
}

/**
 * One tick of a shared due-time queue: claims the members due now and runs `act` on each, in
 * order, summing what it answers. One member failing never stops the others: it is logged (with
 * `logAs` naming the member) and stays claimed until its lease runs out, then comes due again.
 * `act` takes the member out of the queue itself when its work is over.
 */
export async function workClaimed(
  deps: { readonly store: Store; readonly clock: Clock; readonly log: Log },
  queue: ClaimedQueue,
  logAs: string,
  act: (member: string) => Promise<number>,
): Promise<number> {
  const claimed = await deps.store.claimDue(queue.name, deps.clock.now(), queue.leaseMs, queue.limit);
  let total = 0;
  for (const { member } of claimed) {
    try {
      total += await act(member);
    } catch (error) {
      deps.log.warn({ err: error, [logAs]: member }, queue.failed);
    }
  }
  return total;
}
