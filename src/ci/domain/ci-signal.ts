import type { RunInfo } from '../../core/domain/types.js';

/** The run a watch's state last stood on: older runs never move it again. */
export interface RunMark {
  readonly sha: string;
  readonly runId: number;
  readonly attempt: number;
  /** ISO time the run was created (re-runs keep it): commits are ordered by it. */
  readonly createdAt: string;
}

interface Decided {
  readonly run: RunInfo;
  /** Commits newer than the deciding one whose latest run is still queued or in progress. */
  readonly newerRunning: number;
}

/** What one look at a watch's runs says about its branch. */
export type Verdict =
  | (Decided & {
      readonly kind: 'red';
      /** The oldest red commit after the last green seen in the same runs: the episode's start. */
      readonly firstRed: RunInfo;
      /** The newest green commit before `firstRed` among the runs read, if one was there. */
      readonly greenBefore?: RunInfo;
    })
  | (Decided & { readonly kind: 'green' })
  | {
      readonly kind: 'no-signal';
      readonly reason: string;
      readonly newerRunning: number;
      /** True when older runs cannot change it (the walk reached the run the state stands on). */
      readonly settled: boolean;
    };

const RED_CONCLUSIONS: ReadonlySet<string> = new Set(['failure', 'timed_out', 'startup_failure']);
const RUNNING_STATUSES: ReadonlySet<string> = new Set([
  'queued',
  'in_progress',
  'waiting',
  'requested',
  'pending',
]);

/**
 * Runs started by these events test someone else's code that merely names the branch
 * (a fork's pull request from its own `main`), not the branch itself.
 */
const FOREIGN_EVENTS: ReadonlySet<string> = new Set(['pull_request', 'pull_request_target']);

/** Negative when run `a` is older than `b`: by creation, then run id, then attempt. */
export function compareRuns(
  a: Pick<RunInfo, 'createdAt' | 'id' | 'attempt'>,
  b: Pick<RunInfo, 'createdAt' | 'id' | 'attempt'>,
): number {
  const byCreated = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (byCreated !== 0) return byCreated;
  return a.id !== b.id ? a.id - b.id : a.attempt - b.attempt;
}

export function markOf(run: RunInfo): RunMark {
  return { sha: run.headSha, runId: run.id, attempt: run.attempt, createdAt: run.createdAt };
}

function fromMark(mark: RunMark) {
  return { createdAt: mark.createdAt, id: mark.runId, attempt: mark.attempt };
}

function verdictOf(run: RunInfo): 'red' | 'green' | 'pending' | 'none' {
  if (run.status === 'completed' && run.conclusion === 'success') return 'green';
  if (run.status === 'completed' && run.conclusion !== null && RED_CONCLUSIONS.has(run.conclusion))
    return 'red';
  return RUNNING_STATUSES.has(run.status) ? 'pending' : 'none';
}

/** Each commit's latest run (its latest attempt), newest commit first; foreign runs left out. */
function latestPerCommit(runs: readonly RunInfo[]): RunInfo[] {
  const own = runs.filter((run) => !FOREIGN_EVENTS.has(run.event)).sort((a, b) => compareRuns(b, a));
  const seen = new Set<string>();
  const latest: RunInfo[] = [];
  for (const run of own) {
    if (seen.has(run.headSha)) continue;
    seen.add(run.headSha);
    latest.push(run);
  }
  return latest;
}

/** Below a red: the oldest red in its unbroken streak, and the green under it if one was read. */
function streakBelow(commits: readonly RunInfo[], from: number, stand: RunMark | undefined) {
  let firstRed = commits[from] as RunInfo;
  for (const run of commits.slice(from + 1)) {
    if (stand !== undefined && compareRuns(run, fromMark(stand)) < 0) break;
    const kind = verdictOf(run);
    if (kind === 'green') return { firstRed, greenBefore: run };
    if (kind === 'red') firstRed = run;
    if (stand !== undefined && run.headSha === stand.sha) break;
  }
  return { firstRed };
}

/**
 * What the runs say, decided by the newest commit with a decisive result.
 *
 * `runs` are one workflow's runs on one branch, in any order and of any status (GitHub lists them
 * newest first). Commits are ordered by their latest run's creation, and each commit is judged by
 * that run alone: a green attempt 2 supersedes its red attempt 1, and a re-run under way proves
 * nothing yet. Queued, running, cancelled, skipped, neutral, stale and action-required commits are
 * passed over, so a busy branch whose head is always running still reports the red (or green)
 * that finished below it. Runs of pull-request events are someone else's code and are ignored.
 *
 * `stand` is the run the watch's state last stood on: nothing older decides (an older red that
 * completes after a newer green never opens an incident, and an older green never reads as
 * recovery while the red commit is being re-run), and the walk stops at its commit.
 */
export function ciSignal(runs: readonly RunInfo[], stand?: RunMark): Verdict {
  const commits = latestPerCommit(runs);
  if (commits.length === 0) return { kind: 'no-signal', reason: 'no runs', newerRunning: 0, settled: false };
  let newerRunning = 0;
  for (const [index, run] of commits.entries()) {
    if (stand !== undefined && compareRuns(run, fromMark(stand)) < 0) {
      return { kind: 'no-signal', reason: 'nothing newer finished', newerRunning, settled: true };
    }
    const kind = verdictOf(run);
    if (kind === 'green') return { kind, run, newerRunning };
    if (kind === 'red') return { kind, run, newerRunning, ...streakBelow(commits, index, stand) };
    if (kind === 'pending') newerRunning += 1;
    if (stand !== undefined && run.headSha === stand.sha) {
      return { kind: 'no-signal', reason: 'nothing newer finished', newerRunning, settled: true };
    }
  }
  return { kind: 'no-signal', reason: 'no finished run', newerRunning, settled: false };
}
