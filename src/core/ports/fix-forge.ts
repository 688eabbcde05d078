/** A pull request as fix tasks follow it. */
export interface PullInfo {
  readonly number: number;
  /** The page people open (`html_url`). */
  readonly url: string;
  /** The GraphQL node ID (`node_id`), which `revertPullRequest` takes. */
  readonly nodeId: string;
  readonly title: string;
  /** '' when the pull request has no body. */
  readonly body: string;
  readonly state: 'open' | 'closed';
  readonly merged: boolean;
  /** The commit the merge made on the base branch, once merged. */
  readonly mergeCommitSha?: string;
  readonly headRef: string;
  readonly headSha: string;
  readonly baseRef: string;
  /** null while GitHub is still computing it (it does so lazily after a GET). */
  readonly mergeable: boolean | null;
  /** GitHub's `mergeable_state`: clean, blocked, behind, dirty, unstable, draft, unknown, … */
  readonly mergeableState: string;
  readonly draft: boolean;
  /** The author's login (`<slug>[bot]` for an app or the Actions token). */
  readonly author: string;
  /** The author's account type: `User`, `Bot` or `Organization`. */
  readonly authorType: string;
  /** The repository the head branch is in (`owner/name`): another one for a fork; null once a fork is deleted. */
  readonly headRepo: string | null;
  /** ISO 8601, when it was opened. */
  readonly createdAt: string;
}

/** The GitHub Actions runs on one commit, summed up (latest attempt of each workflow's newest run). */
export interface ChecksSummary {
  /**
   * none: no run yet; pending: some still queued or running; action_required: some wait for a
   * maintainer's approval to run; failure: some failed, timed out or could not start; no_signal:
   * none of those, but some were cancelled, or all were skipped or neutral (no evidence either
   * way, as for the CI signal); success: all finished as success, skipped or neutral, at least
   * one as success.
   */
  readonly state: 'none' | 'pending' | 'action_required' | 'failure' | 'no_signal' | 'success';
  /** How many workflow runs were summed. */
  readonly runs: number;
  /** Names of the workflows that decided a failure, wait for approval, or gave no signal (else empty). */
  readonly names: readonly string[];
}

/** A commit as the revert safety ladder reads it. */
export interface CommitSummary {
  readonly sha: string;
  readonly message: string;
  /** ISO 8601, the committer date. */
  readonly date: string;
}

/**
 * GitHub as fix tasks use it: the remedies' writes and what following a fix pull request reads.
 * Every method throws on an API error (an Octokit RequestError, whose `status` tells a 403 from
 * a 404); none retries a write on its own beyond what the Octokit plugins do.
 */
export interface FixForge {
  /** Pull requests associated with a commit (`GET /repos/{o}/{r}/commits/{sha}/pulls`). */
  pullsOfCommit(repo: string, sha: string): Promise<PullInfo[]>;
  /** One commit's message and date. */
  commit(repo: string, sha: string): Promise<CommitSummary>;
  /** Commits on `branch` since `since` (ISO), newest first, at most `limit`. */
  commitsSince(repo: string, branch: string, since: string, limit: number): Promise<CommitSummary[]>;
  /**
   * Opens a pull request reverting the merged pull request `pull` (GraphQL `revertPullRequest`);
   * answers the revert pull request.
   */
  revertPull(repo: string, pull: PullInfo, text: { title: string; body: string }): Promise<PullInfo>;
  /** `workflow_dispatch` of `workflow` on `ref` with string inputs. */
  dispatchWorkflow(
    repo: string,
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<void>;
  createIssue(
    repo: string,
    issue: { title: string; body: string; assignees?: readonly string[] },
  ): Promise<{ number: number; url: string }>;
  /** The newest pull requests of every state (`state=all`, newest first), at most `limit`. */
  recentPulls(repo: string, limit: number): Promise<PullInfo[]>;
  /**
   * Every pull request (any state) opened at or after `since` (ISO), newest first: page after page
   * as GitHub links them, stopping at the first page that reaches one opened before `since`.
   */
  pullsOpenedSince(repo: string, since: string): Promise<PullInfo[]>;
  /**
   * The login Overseer itself acts as on GitHub: the token's user (`GET /user`), or an App's bot
   * `<slug>[bot]` (`GET /app`). Asked once; a failed ask is asked again next time.
   */
  selfLogin(): Promise<string>;
  pull(repo: string, number: number): Promise<PullInfo>;
  /** GitHub Actions runs on `sha`, of every workflow or only `workflow` (a file name) when given. */
  checksAt(repo: string, sha: string, workflow?: string): Promise<ChecksSummary>;
  /** Merges (squash) only while the head is still `headSha`; answers the commit the merge made. */
  merge(repo: string, number: number, headSha: string): Promise<{ sha: string }>;
}
