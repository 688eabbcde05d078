import type { CheckFacts, FactKey, Opening, WatchDoc, WatchTarget } from '../ci/index.js';
import type { JobInfo } from '../core/domain/types.js';
import { mayRetry } from './pending-retry.js';

/**
 * The error lines an opening red reads before deciding, bounded by EXCERPT_DEADLINE_MS: only
 * while an automatic re-run may be decided now. `known` needs their fingerprints to tell a known
 * flake; `all` re-runs (nothing is posted while the re-run is waited for) and remembers the flake
 * by them. Every other incident is posted at once and its lines follow (diagnoseIncident).
 * Asked again on every round: first the jobs and whether a re-run is allowed, then the lines.
 */
export function linesBeforeDeciding(
  target: WatchTarget,
  doc: WatchDoc,
  event: Opening,
  jobs: readonly JobInfo[],
  facts: Pick<CheckFacts, 'stages'>,
): FactKey[] {
  if (doc.pendingRetry !== undefined || !mayRetry(target, doc, event, jobs, facts)) return [];
  return [{ kind: 'lines', runId: event.run.id, attempt: event.run.attempt }];
}
