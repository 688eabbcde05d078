import type { FindTarget, WatchTarget } from '../ci/index.js';
import { acknowledgeIncident } from './acknowledge-incident.js';
import type { ThreadReply } from './domain/thread-replies.js';
import type { DrainDeps } from './drain-deps.js';
import { drainOwed } from './drain-owed.js';
import { findThreadIncident, type ThreadIncident } from './find-thread-incident.js';
import { recordThreadReply } from './record-thread-reply.js';
import { rememberRefusals } from './remember-refusals.js';

/** How often each replica looks for owed drains that came due. */
const OWED_DRAINS_TICK_MS = 1_000;

export interface IncidentsDeps extends DrainDeps {
  readonly findTarget: FindTarget;
  /** The watches whose incidents are posted to `channel`. */
  readonly targetsIn: (channel: string) => Promise<readonly WatchTarget[]>;
}

/**
 * What people do to an incident, wired: acknowledge it (the button, a mention), find the incident
 * a Slack thread belongs to, and record a reply in that thread on its timeline; and the job that
 * delivers owed Slack work.
 */
export function createIncidents(deps: IncidentsDeps) {
  return {
    /**
     * Slack work a drain could not finish (a replica died holding the lease, Slack failed, more was
     * queued than one drain takes), delivered within a second of coming due on whichever replica
     * claims it, instead of at the watch's next look: one cheap claim per tick per replica.
     */
    job: { name: 'owed-drains', everyMs: OWED_DRAINS_TICK_MS, run: () => drainOwed(deps) },
    /** Which watch an incident belongs to (the buttons' and the escalation's look-up). */
    findTarget: deps.findTarget,
    /** A repeat is refused from memory for a few seconds (remember-refusals.ts): no store read per click. */
    acknowledge: rememberRefusals(
      (incidentId, userId) => acknowledgeIncident(deps, incidentId, userId),
      () => deps.clock.now(),
    ),
    threadIncident: (channel: string, threadTs: string) => findThreadIncident(deps, channel, threadTs),
    recordReply: (found: ThreadIncident, reply: ThreadReply) =>
      recordThreadReply(deps, found.target, found.slot.incident.id, reply),
  };
}
