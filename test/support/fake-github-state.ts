import type { JobSpec, JobState } from './fake-github-jobs.js';

/** The fake GitHub's world, as plain data: repositories, commits, branches, workflow runs, pulls and issues. */

export interface GitUser {
  name: string;
  email: string;
  /** The GitHub account the email belongs to; without it the API's `author` is `null`. */
  login?: string;
}

export interface CommitState {
  sha: string;
  parent: string | undefined;
  message: string;
  author: GitUser;
  date: string;
}

export interface WorkflowState {
  id: number;
  file: string;
  name: string;
  path: string;
  createdAt: string;
}

export interface AttemptState {
  attempt: number;
  status: string;
  conclusion: string | null;
  startedAt: string;
  updatedAt: string;
  jobs: JobState[];
}

export interface RunState {
  id: number;
  repo: RepoState;
  workflow: WorkflowState;
  branch: string;
  headSha: string;
  event: string;
  runNumber: number;
  createdAt: string;
  actor: string;
  attempts: AttemptState[];
}

export interface PullState {
  number: number;
  title: string;
  body: string | null;
  head: string;
  base: string;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  /** Tests may set this to `false` to make a merge fail with 405. */
  mergeable: boolean;
  user: string;
  /**
   * A fork's `owner/name` when the head branch is in a fork, null when that fork was deleted;
   * absent when the head is in the repo itself.
   */
  headRepo?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface IssueState {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: string[];
  assignees: string[];
  user: string;
  createdAt: string;
}

export interface CommentState {
  id: number;
  body: string;
  user: string;
  createdAt: string;
}

export interface RepoState {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  private: boolean;
  branches: Map<string, string>;
  commits: Map<string, CommitState>;
  workflows: Map<string, WorkflowState>;
  pulls: Map<number, PullState>;
  issues: Map<number, IssueState>;
  comments: Map<number, CommentState[]>;
  nextNumber: number;
}

export interface AddRunOptions {
  workflow?: string;
  /** The workflow's `name:`; defaults to the file name without its extension. */
  name?: string;
  branch?: string;
  /** Defaults to the branch's head commit. */
  headSha?: string;
  event?: string;
  status?: 'completed' | 'in_progress' | 'queued' | 'waiting' | 'requested' | 'pending';
  conclusion?: string | null;
  jobs?: JobSpec[];
  /** ISO time; defaults to the fake clock, always later than the previous run. */
  createdAt?: string;
  actor?: string;
}
