import type { EpisodeEvent } from '../ci/domain/episode.js';
import { type CheckFacts, type FactKey, factId, type WatchDoc, type WatchTarget } from '../ci/index.js';
import { watchKey } from '../core/domain/types.js';
import { retryAllowedKey } from './diagnosis-facts.js';
import { linesBeforeDeciding } from './lines-before-deciding.js';
import { seenLinkNeeded } from './remember-failures.js';

/**
 * Look-ups an opening incident needs beyond the episode's own: the pause before an automatic
 * re-run, the jobs' error lines when a re-run may be decided, and the link to an earlier incident
 * with the same failure (known once the jobs' lines are read). Pure.
 */
export function openingFactsNeeded(
  target: WatchTarget,
  doc: WatchDoc,
  event: EpisodeEvent | undefined,
  facts: CheckFacts,
  now: number,
): FactKey[] {
  if (event === undefined || event.type === 'recovered' || event.type === 'flaky') return [];
  const current = doc.current?.incident;
  if (event.type !== 'regression' && current?.status === 'open') return [];
  const retry: FactKey[] =
    (target.flakeRetry ?? 'off') !== 'off' && doc.pendingRetry === undefined ? [retryAllowedKey()] : [];
  const jobs = facts.jobs.get(factId({ kind: 'jobs', runId: event.run.id, attempt: event.run.attempt }));
  const id = `${watchKey(target.watch)}#${event.red.episode}`;
  if (jobs === undefined) return retry;
  // After a failed automatic re-run, the attempt it re-ran may be the one with readable lines.
  const all = [...jobs, ...(doc.pendingRetry?.jobs ?? [])];
  // Lines before deciding only for flakeRetry; otherwise diagnoseIncident reads them after the post.
  const lines = linesBeforeDeciding(target, doc, event, jobs, facts);
  return [...retry, ...lines, ...seenLinkNeeded(doc, all, id, now)];
}
