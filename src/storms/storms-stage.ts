import { type CheckStage, keepStageFact, type WatchTarget } from '../ci/index.js';
import type { DrainResult } from '../incidents/index.js';
import { type ClaimDeps, claimStorm } from './claim-storm.js';
import type { StormRed } from './domain/join-storm.js';
import { holdJoined } from './hold-joined.js';
import { type ReportDeps, reportToLead } from './report-to-lead.js';
import { STORMS_STAGE, type StormScope, stormFactsNeeded } from './storm-facts-needed.js';

export interface StormsStageDeps extends ClaimDeps, ReportDeps {
  readonly scope: StormScope;
  /** Delivers the Slack work a watch's document owes (the incidents' outbox). */
  readonly deliver: (target: WatchTarget) => Promise<DrainResult>;
}

/**
 * Storms in a check: before deciding, an opening red in a shared channel reads its error lines
 * and leads or joins the storm of its cause (claimStorm); deciding, a red that joined is held
 * silent (holdJoined); once recorded, its state goes to the storm's message (reportToLead), which
 * is delivered after the watch's own work.
 */
export function stormsStage(deps: StormsStageDeps): CheckStage {
  const owed = new WeakMap<object, WatchTarget>();
  return {
    name: STORMS_STAGE,
    factsNeeded: (target, doc, event, facts) => stormFactsNeeded(deps.scope, target, doc, event, facts),
    readFacts: async (_target, facts, keys) => {
      for (const key of keys) {
        if (key.kind !== 'stage' || key.stage !== STORMS_STAGE) continue;
        keepStageFact(facts, key, await claimStorm(deps, JSON.parse(key.key) as StormRed));
      }
    },
    decide: (target, before, next, _event, _now, facts) => holdJoined(before, next, facts, target.channel),
    onRecord: async (_target, move) => {
      const lead = await reportToLead(deps, move);
      if (lead !== undefined) owed.set(move, lead);
    },
    afterDeliver: async (_target, move, delivery) => {
      const lead = owed.get(move);
      if (lead === undefined) return delivery;
      const more = await deps.deliver(lead);
      return {
        ...more,
        delivered: delivery.delivered + more.delivered,
        failed: delivery.failed || more.failed,
      };
    },
  };
}
