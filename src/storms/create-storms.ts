import type { FindTarget, WatchTarget } from '../ci/index.js';
import type { Log, Store } from '../core/ports.js';
import { type DrainDeps, drainOutbox } from '../incidents/index.js';
import { acknowledgeMembers } from './acknowledge-members.js';
import { type SplitDeps, splitStorm } from './split-storm.js';

export interface StormsDeps extends DrainDeps {
  readonly store: Store;
  readonly log: Log;
  readonly findTarget: FindTarget;
  readonly windowMs: number;
  /** Queues a split watch's next escalation step (escalation's scheduleEscalation). */
  readonly schedule: SplitDeps['schedule'];
}

/**
 * What people do to a storm, wired: its Acknowledge (the lead's) takes every watch of the storm
 * still red, and **Not the same cause** splits one watch off into its own incident.
 */
export function createStorms(deps: StormsDeps) {
  const { store, log, findTarget } = deps;
  return {
    /** Wraps the incidents' acknowledge: the lead's ack also acknowledges the storm's members. */
    acknowledging<T>(acknowledge: (incidentId: string, userId: string) => Promise<T>) {
      return async (id: string, user: string): Promise<T> => {
        const outcome = await acknowledge(id, user);
        if (outcome !== 'acknowledged') return outcome;
        await acknowledgeMembers({ store, findTarget }, id, (member) => acknowledge(member, user)).catch(
          (error: unknown) => log.warn({ err: error, incident: id }, 'Storm members not acknowledged'),
        );
        return outcome;
      };
    },
    split: (leadId: string, memberId: string, user: string) => {
      log.info({ lead: leadId, member: memberId, user }, 'Storm split requested');
      const deliver = (target: WatchTarget) => drainOutbox(deps, target);
      return splitStorm({ ...deps, deliver }, leadId, memberId);
    },
  };
}
