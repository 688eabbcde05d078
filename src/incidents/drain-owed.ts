import type { FindTarget } from '../ci/index.js';
import type { DrainDeps } from './drain-deps.js';
import { DRAIN_LEASE_MS, drainOutbox, OWED_DRAINS } from './drain-outbox.js';

/** Watches one tick takes from the queue: the rest are due still, and the next tick takes them. */
const CLAIM_LIMIT = 20;

/**
 * One tick of owed drains: claims the watches whose outbox a drain could not finish (leased for
 * as long as an outbox lease, so a replica that dies mid-drain lets them come due again) and
 * drains each. A watch that left the config is dropped; a drain that leaves work owed has put the
 * watch back in the queue itself (drainOutbox), so a claim done is removed. One watch failing
 * never stops the others. Answers how many items were delivered.
 */
export async function drainOwed(deps: DrainDeps & { readonly findTarget: FindTarget }): Promise<number> {
  const leaseMs = deps.outboxLeaseMs ?? DRAIN_LEASE_MS;
  const claimed = await deps.store.claimDue(OWED_DRAINS, deps.clock.now(), leaseMs, CLAIM_LIMIT);
  let delivered = 0;
  for (const { member } of claimed) {
    try {
      const target = await deps.findTarget(member);
      if (target === undefined) {
        await deps.store.unschedule(OWED_DRAINS, member);
        continue;
      }
      const result = await drainOutbox(deps, target);
      delivered += result.delivered;
      // Owed again (the lease was held, Slack failed, more is queued): the drain moved the due time.
      if (!result.owed) await deps.store.unschedule(OWED_DRAINS, member);
    } catch (error) {
      deps.log.warn(
        { err: error, watch: member },
        'Owed Slack work could not be delivered; retried after its lease',
      );
    }
  }
  return delivered;
}
