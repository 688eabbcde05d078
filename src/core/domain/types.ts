// Plain data shared by the domain, the use cases and the adapters. No behaviour lives here.

import type { JobExcerpt } from '../../diagnosis/domain/job-excerpt.js';

/** One watched (repo, workflow, branch). `branch` is resolved to the default branch before use. */
export interface WatchRef {
  readonly repo: string;
  readonly workflow: string;
  readonly branch: string;
}

/** A workflow run as GitHub's runs API reports it (its latest attempt). */
export interface RunInfo {
  readonly id: number;
  readonly headSha: string;
  readonly attempt: number;
  readonly status: string;
  /** `success`, `failure`, `timed_out`, `startup_failure`, `cancelled`, ... or null while running. */
  readonly conclusion: string | null;
  /** What triggered it: `push`, `schedule`, `pull_request`, ... */
  readonly event: string;
  /** ISO time the run was created; re-runs keep it. */
  readonly createdAt: string;
  /** ISO time of the last change; for a completed run, when it finished. */
  readonly updatedAt: string;
  readonly url: string;
}

export interface JobInfo {
  /** The job's ID (its check run's ID): what its log and annotations are read by. */
  readonly id?: number;
  readonly name: string;
  readonly conclusion: string | null;
  readonly url: string;
  /** Names of the steps that failed. */
  readonly failedSteps: readonly string[];
  /** The first failed step's `number` in the jobs API, for a link to its log; absent when unknown. */
  readonly failedStepNumber?: number;
  /** The error lines of its failed step, or why they could not be read (the first few jobs only). */
  readonly excerpt?: JobExcerpt;
}

export interface CommitInfo {
  readonly sha: string;
  /** The first line of the message. */
  readonly title: string;
  readonly authorName: string;
  readonly authorLogin?: string;
  readonly authorEmail?: string;
}

export function watchKey(watch: WatchRef): string {
  return `${watch.repo}:${watch.workflow}:${watch.branch}`;
}
