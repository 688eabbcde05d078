import type { CommitState, GitHubModel, GitUser, PullState, RepoState } from './fake-github-model.js';

/** Pull requests in the fake's world: opening, merging, and which pulls a commit belongs to. */

export interface OpenPullSpec {
  title: string;
  body: string | null;
  head: string;
  base: string;
  draft: boolean;
  /** The author's login. */
  user: string;
  /** A fork's `owner/name` the head branch lives in (null: a deleted fork); absent, the repo itself. */
  headRepo?: string | null;
}

export interface OpenPullOptions {
  title: string;
  /** The head branch: it must exist (addCommit with `branch`). */
  head: string;
  /** Default: the default branch. */
  base?: string;
  body?: string;
  /** The author's login, e.g. `github-actions[bot]` or an agent's account. */
  user: string;
  headRepo?: string | null;
}

export interface AddMergedPullOptions {
  title: string;
  /** The author's login: the pull's `user` and the author of its commits. */
  author: string;
  /** The head branch; default `<author>/pull-<number>`. */
  branch?: string;
  body?: string;
  /** The merge commit's message; default `<title> (#<number>)`, as a squash merge writes it. */
  message?: string;
}

/** A login as a git author, with GitHub's no-reply address. */
export const gitUserOf = (login: string): GitUser => ({
  name: login,
  email: `${login}@users.noreply.github.com`,
  login,
});

export function openPull(model: GitHubModel, repo: RepoState, spec: OpenPullSpec): PullState {
  const at = model.tick();
  const pull: PullState = {
    number: repo.nextNumber++,
    ...spec,
    state: 'open',
    merged: false,
    mergedAt: null,
    mergeCommitSha: null,
    mergeable: true,
    createdAt: at,
    updatedAt: at,
  };
  repo.pulls.set(pull.number, pull);
  return pull;
}

/** Puts one commit on the base branch (a merge or squash commit) and closes the pull as merged. */
export function mergePull(
  model: GitHubModel,
  repo: RepoState,
  pull: PullState,
  commit: { message: string; author: GitUser },
): CommitState {
  const merged = model.addCommit(repo, { ...commit, branch: pull.base });
  pull.state = 'closed';
  pull.merged = true;
  pull.mergedAt = merged.date;
  pull.updatedAt = merged.date;
  pull.mergeCommitSha = merged.sha;
  return merged;
}

/**
 * "This commit came in through a merged pull request": a commit by `author` on a head branch, a
 * pull request from it into the default branch, squash-merged. Answers the pull's number and the
 * merge commit, now the default branch's head.
 */
export function addMergedPull(
  model: GitHubModel,
  repo: RepoState,
  options: AddMergedPullOptions,
): { number: number; sha: string } {
  const author = gitUserOf(options.author);
  const head = options.branch ?? `${options.author}/pull-${repo.nextNumber}`;
  if (!repo.branches.has(head)) {
    const base = repo.branches.get(repo.defaultBranch);
    if (!base) throw new Error(`addMergedPull: ${repo.fullName} has no commits yet; call addCommit first`);
    repo.branches.set(head, base);
  }
  model.addCommit(repo, { message: options.title, author, branch: head });
  const pull = openPull(model, repo, {
    title: options.title,
    body: options.body ?? null,
    head,
    base: repo.defaultBranch,
    draft: false,
    user: options.author,
  });
  const message = options.message ?? `${options.title} (#${pull.number})`;
  return { number: pull.number, sha: mergePull(model, repo, pull, { message, author }).sha };
}

/** The pull's own commits: those on its head branch that its base branch does not have. */
function commitsOf(model: GitHubModel, repo: RepoState, pull: PullState): Set<string> {
  const head = repo.branches.get(pull.head);
  const base = repo.branches.get(pull.base);
  if (!head) return new Set();
  const inBase = new Set(base ? model.history(repo, base).map((c) => c.sha) : []);
  return new Set(
    model
      .history(repo, head)
      .map((c) => c.sha)
      .filter((sha) => !inBase.has(sha)),
  );
}

/**
 * "List pull requests associated with a commit"
 * (https://docs.github.com/en/rest/commits/commits#list-pull-requests-associated-with-a-commit):
 * "Lists the merged pull request that introduced the commit to the repository. If the commit is not
 * present in the default branch, it will return merged and open pull requests associated with the
 * commit." A pull is associated with a commit that is its merge commit or one of its own commits.
 */
export function pullsOfCommit(model: GitHubModel, repo: RepoState, sha: string): PullState[] {
  const defaultHead = repo.branches.get(repo.defaultBranch);
  const onDefault = defaultHead !== undefined && model.history(repo, defaultHead).some((c) => c.sha === sha);
  return [...repo.pulls.values()]
    .filter((pull) => (onDefault ? pull.merged : pull.merged || pull.state === 'open'))
    .filter((pull) => pull.mergeCommitSha === sha || commitsOf(model, repo, pull).has(sha));
}

/** The same listing for a branch name: "the open or merged pull requests associated with that branch". */
export function pullsOfBranch(repo: RepoState, branch: string): PullState[] {
  return [...repo.pulls.values()].filter(
    (pull) => pull.head === branch && (pull.merged || pull.state === 'open'),
  );
}
