// Composition: the polling planner (ci/domain/plan-polling.ts) wired to the watches and to what
// the GitHub client learns of GitHub's limits.
import { setTimeout } from 'node:timers/promises';
import { createPollLedger } from './ci/poll-ledger.js';
import type { WatchTargetSource } from './ci/run-cycle.js';
import { sharePollLedger } from './ci/share-poll-ledger.js';
import type { CiProvider, Clock, Log, Store } from './core/ports.js';
import type { GitHubClient } from './platform/github/create-octokit.js';
import { SHARE_EVERY_MS, sharePacing } from './platform/github/share-pacing.js';
import { pollBudget } from './poll-budget.js';
import type { Job } from './start-overseer.js';

/**
 * What the planner knows of each watch: the CI providers (webhooks' and people's looks, and the
 * cycle's) that count the pages of runs each look reads, the cycle's polling settings, and `heard`, told of each webhook for a watch (its
 * deliveries arrive, so its poll can wait longer). Looks and webhooks are shared with the other
 * replicas through the store before each plan.
 */
export function createPolling(
  sources: readonly WatchTargetSource[],
  lanes: { readonly ci: CiProvider; readonly pollingCi: CiProvider },
  github: Pick<GitHubClient, 'etags' | 'rate'>,
  shared: { readonly clock: Clock; readonly store: Store; readonly log: Log },
) {
  const { clock } = shared;
  const ledger = createPollLedger(sources);
  const { sync } = sharePollLedger(shared.store, ledger, clock, shared.log);
  return {
    ci: ledger.countPages(lanes.ci),
    /** The cycle's looks read GitHub in the pacer's polling lane, behind webhook checks. */
    pollingCi: ledger.countPages(lanes.pollingCi),
    polling: { ledger, budget: pollBudget(github), sleep: (ms: number) => setTimeout(ms), sync },
    heard: (source: WatchTargetSource) => ledger.heard(source, clock.now()),
  };
}

/**
 * For replicas on one store (Redis): each says what it spent of GitHub's secondary limit and
 * paces itself by what the others left (platform/github/share-pacing.ts). GitHub's limit is the
 * token's, so the cycle's polls on one replica and webhook checks on another add up.
 */
export function githubPacingJob(
  github: Pick<GitHubClient, 'pacing'>,
  replicaId: string,
  shared: { readonly clock: Clock; readonly store: Store; readonly log: Log },
): Job {
  const { store, clock, log } = shared;
  return {
    name: 'github-pacing',
    everyMs: SHARE_EVERY_MS,
    run: sharePacing(store, github.pacing, replicaId, clock.now, log),
  };
}
