import type { FindTarget } from '../ci/index.js';
import { workClaimed } from '../core/work-claimed.js';
import type { DrainDeps } from './drain-deps.js';
import { DRAIN_LEASE_MS, drainOutbox, OWED_DRAINS } from './drain-outbox.js';

/**
 * One tick of owed drains: claims the watches whose outbox a drain could not finish (leased for
 * as long as an outbox lease, so a replica that dies mid-drain lets them come due again) and
 * drains each. A watch that left the config is dropped; a drain that leaves work owed has put the
 * watch back in the queue itself (drainOutbox), so a claim done is removed. One watch failing
 * never stops the others. Answers how many items were delivered.
 */
export function drainOwed(deps: DrainDeps & { readonly findTarget: FindTarget }): Promise<number> {
  const queue = {
    name: OWED_DRAINS,
    leaseMs: deps.outboxLeaseMs ?? DRAIN_LEASE_MS,
    limit: 20,
    failed: 'Owed Slack work could not be delivered; retried after its lease',
  };
  return workClaimed(deps, queue, 'watch', async (member) => {
    const target = await deps.findTarget(member);
    if (target === undefined) {
      await deps.store.unschedule(OWED_DRAINS, member);
      return 0;
    }
    const result = await drainOutbox(deps, target);
    // Owed again (the lease was held, Slack failed, more is queued): the drain moved the due time.
    if (!result.owed) await deps.store.unschedule(OWED_DRAINS, member);
    return result.delivered;
  });
}
