import type { EpisodeStep } from '../domain/episode.js';
import type { Suspect } from '../domain/incident.js';
import type { JobInfo } from '../domain/types.js';
import { type DescribeDeps, failingJobs, findSuspects, SUSPECT_LIMIT } from './describe-failure.js';
import type { WatchDoc } from './watch-doc.js';
import type { WatchTarget } from './watch-target.js';

/** A GitHub look-up a transition needs, named so a retry of the same transition reuses it. */
export type FactKey =
  | { readonly kind: 'jobs'; readonly runId: number; readonly attempt: number }
  | { readonly kind: 'range'; readonly base: string; readonly head: string; readonly limit: number };

export interface Blame {
  readonly suspects: readonly Suspect[];
  readonly omitted: number;
}

/** Look-ups made before a compare-and-set, so that the transition itself is pure and fast. */
export interface CheckFacts {
  readonly jobs: Map<string, readonly JobInfo[]>;
  readonly ranges: Map<string, Blame>;
}

export function emptyFacts(): CheckFacts {
  return { jobs: new Map(), ranges: new Map() };
}

export function factId(key: FactKey): string {
  return key.kind === 'jobs' ? `${key.runId}#${key.attempt}` : `${key.base}..${key.head}/${key.limit}`;
}

function known(facts: CheckFacts, key: FactKey): boolean {
  return key.kind === 'jobs' ? facts.jobs.has(factId(key)) : facts.ranges.has(factId(key));
}

/** The commits blamed for a regression: last green..first red, the nearest SUSPECT_LIMIT kept. */
export function suspectRange(base: string, head: string): Extract<FactKey, { kind: 'range' }> {
  return { kind: 'range', base, head, limit: SUSPECT_LIMIT };
}

/** The newest commit that turned up red since the incident's head, and how many came with it. */
export function newCommitRange(base: string, head: string): Extract<FactKey, { kind: 'range' }> {
  return { kind: 'range', base, head, limit: 1 };
}

/** The look-ups the step's event needs against this document (see advanceWatch). */
export function factsNeeded(doc: WatchDoc, step: EpisodeStep): FactKey[] {
  const { event } = step;
  if (event === undefined || event.type === 'recovered' || event.type === 'flaky') return [];
  const jobs: FactKey = { kind: 'jobs', runId: event.run.id, attempt: event.run.attempt };
  const current = doc.current?.incident;
  const opens = event.type === 'regression' || current === undefined || current.status !== 'open';
  if (opens) {
    const { lastGreenSha, firstSha } = event.red;
    if (lastGreenSha === undefined) return [jobs];
    return [jobs, suspectRange(lastGreenSha, firstSha)];
  }
  if (event.type === 'still-red' && event.newCommit) {
    return [jobs, newCommitRange(current.headSha, event.run.headSha)];
  }
  return [jobs];
}

/** Makes the look-ups not made yet. Throws on a GitHub error: nothing is recorded then. */
export async function gatherFacts(
  deps: DescribeDeps,
  target: WatchTarget,
  facts: CheckFacts,
  keys: readonly FactKey[],
): Promise<void> {
  for (const key of keys) {
    if (known(facts, key)) continue;
    if (key.kind === 'jobs') {
      facts.jobs.set(factId(key), await failingJobs(deps, target.watch.repo, key.runId, key.attempt));
    } else {
      facts.ranges.set(factId(key), await findSuspects(deps, target, key));
    }
  }
}

export function missingFacts(facts: CheckFacts, keys: readonly FactKey[]): FactKey[] {
  return keys.filter((key) => !known(facts, key));
}
