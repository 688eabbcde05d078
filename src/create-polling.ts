// Composition: the polling planner (ci/domain/plan-polling.ts) wired to the watches and to what
// the GitHub client learns of GitHub's limits.
import { setTimeout } from 'node:timers/promises';
import { createPollLedger } from './ci/poll-ledger.js';
import type { WatchTargetSource } from './ci/run-cycle.js';
import type { CiProvider, Clock } from './core/ports.js';
import type { GitHubClient } from './platform/github/create-octokit.js';
import { pollBudget } from './poll-budget.js';

/**
 * What the planner knows of each watch: the CI provider that counts the pages of runs each look
 * reads, the cycle's polling settings, and `heard`, told of each webhook for a watch (its
 * deliveries arrive, so its poll can wait longer).
 */
export function createPolling(
  sources: readonly WatchTargetSource[],
  ci: CiProvider,
  github: Pick<GitHubClient, 'etags' | 'rate'>,
  clock: Clock,
) {
  const ledger = createPollLedger(sources);
  return {
    ci: ledger.countPages(ci),
    polling: { ledger, budget: pollBudget(github), sleep: (ms: number) => setTimeout(ms) },
    heard: (source: WatchTargetSource) => ledger.heard(source, clock.now()),
  };
}
