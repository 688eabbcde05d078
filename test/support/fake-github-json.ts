import { createHash } from 'node:crypto';
import type { JobState } from './fake-github-jobs.js';
import type {
  AttemptState,
  CommentState,
  CommitState,
  IssueState,
  PullState,
  RepoState,
  RunState,
} from './fake-github-model.js';
import type { FakeRequest } from './http-fake-server.js';

/** Serialisers to the REST API's JSON shapes (field names per @octokit/openapi-types). */

export const HTML = 'https://github.com';

const numericId = (text: string): number =>
  Number.parseInt(createHash('sha1').update(text).digest('hex').slice(0, 7), 16);
const nodeId = (kind: string, id: number | string): string =>
  `${kind}_${Buffer.from(String(id)).toString('base64url')}`;

export function userJson(login: string, api: string, type: 'User' | 'Organization' | 'Bot' = 'User') {
  const id = numericId(login);
  return {
    login,
    id,
    node_id: nodeId('U', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: `${api}/users/${login}`,
    html_url: `${HTML}/${login}`,
    type,
    site_admin: false,
  };
}

export function repoJson(repo: RepoState, api: string) {
  const url = `${api}/repos/${repo.fullName}`;
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: userJson(repo.owner, api, 'Organization'),
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    html_url: `${HTML}/${repo.fullName}`,
    description: null,
    fork: false,
    url,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    pulls_url: `${url}/pulls{/number}`,
    issues_url: `${url}/issues{/number}`,
    default_branch: repo.defaultBranch,
    archived: false,
    disabled: false,
  };
}

export function commitJson(repo: RepoState, commit: CommitState, api: string) {
  const url = `${api}/repos/${repo.fullName}/commits/${commit.sha}`;
  const person = { name: commit.author.name, email: commit.author.email, date: commit.date };
  const account = commit.author.login === undefined ? null : userJson(commit.author.login, api);
  const parents = commit.parent === undefined ? [] : [commit.parent];
  return {
    sha: commit.sha,
    node_id: nodeId('C', commit.sha),
    url,
    html_url: `${HTML}/${repo.fullName}/commit/${commit.sha}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${api}/repos/${repo.fullName}/git/commits/${commit.sha}`,
      author: person,
      committer: person,
      message: commit.message,
      comment_count: 0,
      tree: { sha: treeSha(commit), url: `${api}/repos/${repo.fullName}/git/trees/${treeSha(commit)}` },
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: account,
    committer: account,
    parents: parents.map((sha) => ({
      sha,
      url: `${api}/repos/${repo.fullName}/commits/${sha}`,
      html_url: `${HTML}/${repo.fullName}/commit/${sha}`,
    })),
  };
}

const treeSha = (commit: CommitState): string =>
  createHash('sha1').update(`tree ${commit.sha}`).digest('hex');

/** A workflow run as of `attempt` (the latest one unless given). */
export function runJson(run: RunState, attempt: AttemptState, api: string) {
  const repo = run.repo;
  const url = `${api}/repos/${repo.fullName}/actions/runs/${run.id}`;
  const head = repo.commits.get(run.headSha);
  return {
    id: run.id,
    name: run.workflow.name,
    node_id: nodeId('WFR', run.id),
    check_suite_id: run.id + 7_000_000_000,
    head_branch: run.branch,
    head_sha: run.headSha,
    path: run.workflow.path,
    display_title: head?.message.split('\n')[0] ?? run.workflow.name,
    run_number: run.runNumber,
    run_attempt: attempt.attempt,
    event: run.event,
    status: attempt.status,
    conclusion: attempt.conclusion,
    workflow_id: run.workflow.id,
    url,
    html_url: `${HTML}/${repo.fullName}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: attempt.updatedAt,
    run_started_at: attempt.startedAt,
    actor: userJson(run.actor, api),
    triggering_actor: userJson(run.actor, api),
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${api}/repos/${repo.fullName}/check-suites/${run.id + 7_000_000_000}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: attempt.attempt > 1 ? `${url}/attempts/${attempt.attempt - 1}` : null,
    workflow_url: `${api}/repos/${repo.fullName}/actions/workflows/${run.workflow.id}`,
    head_commit: head
      ? {
          id: head.sha,
          tree_id: treeSha(head),
          message: head.message,
          timestamp: head.date,
          author: { name: head.author.name, email: head.author.email },
          committer: { name: head.author.name, email: head.author.email },
        }
      : null,
    repository: repoJson(repo, api),
    head_repository: repoJson(repo, api),
  };
}

export function jobJson(run: RunState, job: JobState, api: string) {
  const repo = run.repo.fullName;
  return {
    id: job.id,
    run_id: run.id,
    run_url: `${api}/repos/${repo}/actions/runs/${run.id}`,
    run_attempt: job.attempt,
    node_id: nodeId('CR', job.id),
    head_sha: run.headSha,
    head_branch: run.branch,
    url: `${api}/repos/${repo}/actions/jobs/${job.id}`,
    html_url: `${HTML}/${repo}/actions/runs/${run.id}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    name: job.name,
    steps: job.steps.map((s) => ({
      name: s.name,
      status: s.status,
      conclusion: s.conclusion,
      number: s.number,
      started_at: s.startedAt,
      completed_at: s.completedAt,
    })),
    check_run_url: `${api}/repos/${repo}/check-runs/${job.id}`,
    labels: ['ubuntu-latest'],
    runner_id: 1,
    runner_name: 'GitHub Actions 1',
    runner_group_id: 2,
    runner_group_name: 'GitHub Actions',
    workflow_name: run.workflow.name,
  };
}

/** A fork of `repo` named `fullName`, as the `repo` of a pull's head. */
function forkJson(repo: RepoState, fullName: string, api: string) {
  const [owner = '', name = ''] = fullName.split('/');
  return {
    ...repoJson(repo, api),
    id: 900_000 + fullName.length,
    name,
    full_name: fullName,
    fork: true,
    owner: userJson(owner, api),
  };
}

/** The pull's GraphQL node ID, which `revertPullRequest` takes as `pullRequestId`. */
export const pullNodeId = (repo: RepoState, pull: PullState): string =>
  nodeId('PR', `${repo.fullName}#${pull.number}`);

/** A pull as "Get a pull request" answers it (https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request). */
export function pullJson(repo: RepoState, pull: PullState, api: string) {
  const url = `${api}/repos/${repo.fullName}/pulls/${pull.number}`;
  const side = (ref: string, fork?: string | null) => ({
    label: `${fork ? fork.split('/')[0] : repo.owner}:${ref}`,
    ref,
    sha: repo.branches.get(ref) ?? null,
    user: userJson(
      fork ? (fork.split('/')[0] ?? repo.owner) : repo.owner,
      api,
      fork ? 'User' : 'Organization',
    ),
    // "head.repo" is the repository the head branch is in: a fork's own (`fork: true`), or null
    // when that fork was deleted (https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request,
    // `repo` is nullable in the response schema).
    repo: fork === null ? null : fork ? forkJson(repo, fork, api) : repoJson(repo, api),
  });
  return {
    url,
    id: pull.number + 4_000_000_000,
    node_id: pullNodeId(repo, pull),
    html_url: `${HTML}/${repo.fullName}/pull/${pull.number}`,
    issue_url: `${api}/repos/${repo.fullName}/issues/${pull.number}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    // Apps and the Actions token act as bot accounts named `<slug>[bot]`, of type "Bot"
    // (https://docs.github.com/en/apps/creating-github-apps/about-creating-github-apps/about-creating-github-apps#building-a-github-app-vs-using-a-personal-access-token
    // and the `type` of https://docs.github.com/en/rest/users/users#get-a-user).
    user: userJson(pull.user, api, pull.user.endsWith('[bot]') ? 'Bot' : 'User'),
    body: pull.body,
    labels: [],
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.state === 'closed' ? pull.updatedAt : null,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    head: side(pull.head, pull.headRepo),
    base: side(pull.base),
    draft: pull.draft,
    merged: pull.merged,
    mergeable: pull.state === 'open' ? pull.mergeable : null,
    mergeable_state: pull.mergeable ? 'clean' : 'dirty',
  };
}

/**
 * A pull as lists give it, GitHub's "pull-request-simple" (e.g.
 * https://docs.github.com/en/rest/pulls/pulls#list-pull-requests): without `merged`, `mergeable`
 * and `mergeable_state`, which only "Get a pull request" answers.
 */
export function pullSimpleJson(repo: RepoState, pull: PullState, api: string) {
  const {
    merged: _merged,
    mergeable: _mergeable,
    mergeable_state: _state,
    ...simple
  } = pullJson(repo, pull, api);
  return simple;
}

export function issueJson(repo: RepoState, issue: IssueState, api: string) {
  return {
    id: issue.number + 5_000_000_000,
    node_id: nodeId('I', `${repo.fullName}#${issue.number}`),
    url: `${api}/repos/${repo.fullName}/issues/${issue.number}`,
    html_url: `${HTML}/${repo.fullName}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    title: issue.title,
    body: issue.body,
    user: userJson(issue.user, api),
    labels: issue.labels.map((name) => ({ name, id: numericId(name), color: 'ededed', default: false })),
    assignees: issue.assignees.map((login) => userJson(login, api)),
    comments: repo.comments.get(issue.number)?.length ?? 0,
    created_at: issue.createdAt,
    updated_at: issue.createdAt,
    closed_at: null,
  };
}

export function commentJson(repo: RepoState, number: number, comment: CommentState, api: string) {
  return {
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    url: `${api}/repos/${repo.fullName}/issues/comments/${comment.id}`,
    html_url: `${HTML}/${repo.fullName}/issues/${number}#issuecomment-${comment.id}`,
    issue_url: `${api}/repos/${repo.fullName}/issues/${number}`,
    body: comment.body,
    user: userJson(comment.user, api),
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    author_association: 'NONE',
  };
}

/** GitHub's page size when a request names none, and the most it serves whatever `per_page` asks. */
export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

/**
 * One page of `items` as GitHub pages a list, per "Using pagination in the REST API"
 * (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api):
 * `per_page` (default 30, at most 100: the `per-page` parameter of every paged endpoint, e.g.
 * https://docs.github.com/en/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt) and
 * `page` (default 1). The `link` header lists, in the guide's example order, `prev`, `next`, `last`
 * and `first`, each only where it applies: no `prev`/`first` on page 1, no `next`/`last` on the last
 * page, and no header at all when everything fits on one page. A page past the end is empty.
 */
export function paginate<T>(
  items: readonly T[],
  req: FakeRequest,
  api: string,
): { items: T[]; headers: Record<string, string> } {
  const asked = Number(req.query.get('per_page') ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE;
  const perPage = Math.min(Math.max(asked, 1), MAX_PER_PAGE);
  const page = Math.max(Number(req.query.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string) => {
    const query = new URLSearchParams(req.query);
    query.set('per_page', String(perPage));
    query.set('page', String(n));
    return `<${api}${req.path}?${query}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}
