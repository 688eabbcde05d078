import type { JobInfo } from '../core/domain/types.js';
import { type DescribeDeps, failingJobs, findSuspects, SUSPECT_LIMIT } from './describe-failure.js';
import type { Blame } from './domain/blame.js';
import type { EpisodeStep } from './domain/episode.js';
import type { WatchDoc } from './watch-doc.js';
import type { WatchTarget } from './watch-target.js';

/**
 * A look-up a transition needs, named so a retry of the same transition reuses it. ci makes `jobs`
 * and `range` (gatherFacts); `lines` and the `stage` kind are made by the stage that asks for them
 * (its CheckStage.readFacts).
 */
export type FactKey =
  | { readonly kind: 'jobs'; readonly runId: number; readonly attempt: number }
  /**
   * The error lines of those jobs, read before deciding only when a decision needs their
   * fingerprints (flakeRetry, storms); otherwise diagnoseIncident reads them after the incident is
   * posted.
   */
  | { readonly kind: 'lines'; readonly runId: number; readonly attempt: number }
  | { readonly kind: 'range'; readonly base: string; readonly head: string; readonly limit: number }
  /**
   * A stage's own look-up of any shape (made by its readFacts), such as whether an automatic re-run
   * is allowed now or the storm an opening red joins: made between rounds like GitHub's, kept in
   * `stages` for the rest of the check.
   */
  | StageFactKey;

/** A stage's own look-up: `stage` is the stage's name, `key` names the look-up within it. */
export interface StageFactKey {
  readonly kind: 'stage';
  readonly stage: string;
  readonly key: string;
}

export type { Blame };

/** Look-ups made before a compare-and-set, so that the transition itself is pure and fast. */
export interface CheckFacts {
  readonly jobs: Map<string, readonly JobInfo[]>;
  readonly ranges: Map<string, Blame>;
  /** Runs (`runId#attempt`) whose jobs in `jobs` carry their error lines. */
  readonly lined: Set<string>;
  /** Stages' own look-ups by `stage/key` (see StageFactKey); made once present, whatever the value. */
  readonly stages: Map<string, unknown>;
}

/** What gathering ci's own facts uses: GitHub's jobs and commits, Slack to name their authors. */
export type FactDeps = DescribeDeps;

export function emptyFacts(): CheckFacts {
  return { jobs: new Map(), ranges: new Map(), lined: new Set(), stages: new Map() };
}

export function factId(key: FactKey): string {
  if (key.kind === 'jobs' || key.kind === 'lines') return `${key.runId}#${key.attempt}`;
  if (key.kind === 'range') return `${key.base}..${key.head}/${key.limit}`;
  return `${key.stage}/${key.key}`;
}

function known(facts: CheckFacts, key: FactKey): boolean {
  if (key.kind === 'jobs') return facts.jobs.has(factId(key));
  if (key.kind === 'lines') return facts.lined.has(factId(key));
  if (key.kind === 'range') return facts.ranges.has(factId(key));
  return facts.stages.has(factId(key));
}

/**
 * A stage's own look-up as its readFacts kept it (the stage knows its type); undefined when it was
 * not made. A look-up may be made and be `false`, `null` or `''`: test for undefined, not truth.
 */
export function stageFact<T>(facts: Pick<CheckFacts, 'stages'>, key: StageFactKey): T | undefined {
  return facts.stages.get(factId(key)) as T | undefined;
}

/** Keeps a stage's own look-up for the rest of the check (see stageFact). */
export function keepStageFact<T>(facts: Pick<CheckFacts, 'stages'>, key: StageFactKey, value: T): void {
  facts.stages.set(factId(key), value);
}

/** The failing jobs of `run` looked up before deciding; throws when they were not. */
export function jobsOf(facts: CheckFacts, run: { id: number; attempt: number }): readonly JobInfo[] {
  const jobs = facts.jobs.get(factId({ kind: 'jobs', runId: run.id, attempt: run.attempt }));
  if (jobs === undefined) throw new Error(`jobs of run ${run.id} attempt ${run.attempt} were not looked up`);
  return jobs;
}

/** The commits of `key` looked up before deciding; throws when they were not. */
export function rangeOf(facts: CheckFacts, key: Extract<FactKey, { kind: 'range' }>): Blame {
  const range = facts.ranges.get(factId(key));
  if (range === undefined) throw new Error(`commits ${key.base}..${key.head} were not looked up`);
  return range;
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

/**
 * Makes ci's own look-ups not made yet (failing jobs, commit ranges); the other kinds are the
 * stages' (CheckStage.readFacts). Throws on a GitHub error: nothing is recorded then.
 */
export async function gatherFacts(
  deps: FactDeps,
  target: WatchTarget,
  facts: CheckFacts,
  keys: readonly FactKey[],
): Promise<void> {
  for (const key of keys) {
    if (known(facts, key)) continue;
    if (key.kind === 'jobs') {
      facts.jobs.set(factId(key), await failingJobs(deps, target.watch.repo, key.runId, key.attempt));
    } else if (key.kind === 'range') {
      facts.ranges.set(factId(key), await findSuspects(deps, target, key));
    }
  }
}

export function missingFacts(facts: CheckFacts, keys: readonly FactKey[]): FactKey[] {
  return keys.filter((key) => !known(facts, key));
}
