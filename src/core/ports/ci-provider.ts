import type { CommitInfo, JobInfo, RunInfo, WatchRef } from '../domain/types.js';

export interface RunPage {
  readonly runs: RunInfo[];
  readonly more: boolean;
}

/** Part of a commit range: its newest commits, oldest first, and the size of the whole range. */
export interface CommitRange {
  readonly commits: readonly CommitInfo[];
  readonly total: number;
}

/** GitHub Actions as the CI loop reads it. Every method throws on an API error. */
export interface CiProvider {
  defaultBranch(repo: string): Promise<string>;
  /**
   * One page (1-based) of the runs of one workflow on one branch, of every status, newest first
   * as GitHub lists them; `more` says whether a further page exists.
   */
  listRuns(watch: WatchRef, page: number): Promise<RunPage>;
  /** Jobs of one attempt of a run, with their steps. */
  listJobs(repo: string, runId: number, attempt: number): Promise<JobInfo[]>;
  /**
   * The newest `limit` commits of `base..head` (those nearest `head`), oldest first, and how many
   * the range holds. `base` undefined means just `head` (total 1); a `base` GitHub no longer has
   * (history rewritten) gives no commits and total 0.
   */
  commitRange(repo: string, base: string | undefined, head: string, limit: number): Promise<CommitRange>;
  rerunFailedJobs(repo: string, runId: number): Promise<void>;
}
