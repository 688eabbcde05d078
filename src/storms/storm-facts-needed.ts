import type { EpisodeEvent } from '../ci/domain/episode.js';
import { type CheckFacts, type FactKey, factId, type WatchDoc, type WatchTarget } from '../ci/index.js';
import { watchKey } from '../core/domain/types.js';
import { incidentId } from '../incidents/domain/incident.js';
import type { StormRed } from './domain/join-storm.js';
import { stormCauseOf } from './domain/storm-cause.js';

/** The stage's name, and so the `stage` of its look-ups. */
export const STORMS_STAGE = 'storms';

/** When a watch's reds may storm: storms on, and another watch posts to its channel. */
export interface StormScope {
  readonly enabled: boolean;
  readonly sharesChannel: (target: WatchTarget) => boolean;
}

/**
 * Look-ups an opening red needs to join a storm, pure, asked again on every round: first the
 * jobs (the check asks for them anyway), then their error lines (a red that might join must know
 * its cause before deciding whether to post), then the storm of its channel and cause (claimed
 * or joined by `claimStorm`). A watch alone in its channel, or one that re-runs before paging
 * (`flakeRetry`), reads nothing more and is posted as ever.
 */
export function stormFactsNeeded(
  scope: StormScope,
  target: WatchTarget,
  doc: WatchDoc,
  event: EpisodeEvent | undefined,
  facts: CheckFacts,
): FactKey[] {
  if (!scope.enabled || event === undefined || event.type === 'recovered' || event.type === 'flaky')
    return [];
  if (event.type !== 'regression' && doc.current?.incident.status === 'open') return [];
  if ((target.flakeRetry ?? 'off') !== 'off' || !scope.sharesChannel(target)) return [];
  const run = { runId: event.run.id, attempt: event.run.attempt };
  const jobs = facts.jobs.get(factId({ kind: 'jobs', ...run }));
  if (jobs === undefined) return [];
  if (!facts.lined.has(factId({ kind: 'lines', ...run }))) return [{ kind: 'lines', ...run }];
  const cause = stormCauseOf(jobs);
  if (cause === undefined) return [];
  const key = watchKey(target.watch);
  const red: StormRed = {
    ...cause,
    channel: target.channel,
    key,
    watch: target.watch,
    incidentId: incidentId(key, event.red.episode),
  };
  return [{ kind: 'stage', stage: STORMS_STAGE, key: JSON.stringify(red) }];
}
