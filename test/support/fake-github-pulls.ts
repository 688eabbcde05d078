import { paginate, pullJson, pullSimpleJson } from './fake-github-json.js';
import type { PullState, RepoState } from './fake-github-model.js';
import { gitUserOf, mergePull, openPull, pullsOfBranch, pullsOfCommit } from './fake-github-pull-model.js';
import {
  failed,
  invalid,
  notFound,
  ok,
  type RouteContext,
  repoOf,
  stringField,
} from './fake-github-routes.js';
import { type FakeRequest, type FakeResponse, jsonBody, type Router } from './http-fake-server.js';

/** `owner:branch` or `branch` -> `branch` (forks are not modelled). */
const branchOf = (head: string): string => head.replace(/^[^:]+:/, '');

function findPull(ctx: RouteContext, req: FakeRequest): { repo: RepoState; pull: PullState } | undefined {
  const repo = repoOf(ctx, req);
  const pull = repo?.pulls.get(Number(req.params.pull_number));
  return repo && pull ? { repo, pull } : undefined;
}

function createPull(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound();
  const body = jsonBody(req.rawBody);
  const title = stringField(body, 'title');
  const head = branchOf(stringField(body, 'head') ?? '');
  const base = stringField(body, 'base') ?? '';
  if (!title) return invalid([{ resource: 'PullRequest', code: 'missing_field', field: 'title' }]);
  if (!repo.branches.has(head)) return invalid([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
  if (!repo.branches.has(base)) return invalid([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  if (repo.branches.get(head) === repo.branches.get(base)) {
    return invalid([
      { resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` },
    ]);
  }
  const duplicate = [...repo.pulls.values()].some(
    (p) => p.state === 'open' && p.head === head && p.base === base,
  );
  if (duplicate) {
    const message = `A pull request already exists for ${repo.owner}:${head}.`;
    return invalid([{ resource: 'PullRequest', code: 'custom', message }]);
  }
  const pull = openPull(ctx.model, repo, {
    title,
    body: stringField(body, 'body') ?? null,
    head,
    base,
    draft: body.draft === true,
    user: ctx.login,
  });
  return { status: 201, body: pullJson(repo, pull, ctx.api()) };
}

const byCreated = (a: PullState, b: PullState): number =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.number - b.number;
const byUpdated = (a: PullState, b: PullState): number =>
  Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || a.number - b.number;

/**
 * "List pull requests" (https://docs.github.com/en/rest/pulls/pulls#list-pull-requests): `sort`
 * created (default) or updated (popularity and long-running are not modelled and sort as created);
 * `direction` "Default: `desc` when sort is `created` or sort is not specified, otherwise `asc`".
 */
function listPulls(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound();
  const state = req.query.get('state') ?? 'open';
  const head = req.query.get('head');
  const base = req.query.get('base');
  const sort = req.query.get('sort') ?? 'created';
  const direction = req.query.get('direction') ?? (sort === 'created' ? 'desc' : 'asc');
  const order = sort === 'updated' ? byUpdated : byCreated;
  const sign = direction === 'desc' ? -1 : 1;
  const pulls = [...repo.pulls.values()]
    .filter((p) => state === 'all' || p.state === state)
    .filter((p) => !head || p.head === branchOf(head))
    .filter((p) => !base || p.base === base)
    .sort((a, b) => sign * order(a, b));
  const page = paginate(pulls, req, ctx.api());
  return ok(
    page.items.map((p) => pullSimpleJson(repo, p, ctx.api())),
    page.headers,
  );
}

/**
 * "List pull requests associated with a commit"
 * (https://docs.github.com/en/rest/commits/commits#list-pull-requests-associated-with-a-commit):
 * `commit_sha` is a commit or a branch name; an unknown one is 422, as for "Get a commit".
 */
function listCommitPulls(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound();
  const ref = req.params.commit_sha ?? '';
  let pulls = pullsOfBranch(repo, ref);
  if (!repo.branches.has(ref)) {
    const commit = ctx.model.resolve(repo, ref);
    if (!commit) return failed(422, `No commit found for SHA: ${ref}`);
    pulls = pullsOfCommit(ctx.model, repo, commit.sha);
  }
  const page = paginate(pulls, req, ctx.api());
  return ok(
    page.items.map((p) => pullSimpleJson(repo, p, ctx.api())),
    page.headers,
  );
}

function updatePull(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const found = findPull(ctx, req);
  if (!found) return notFound();
  const { repo, pull } = found;
  const body = jsonBody(req.rawBody);
  const title = stringField(body, 'title');
  const text = stringField(body, 'body');
  const state = stringField(body, 'state');
  const base = stringField(body, 'base');
  if (state !== undefined && state !== 'open' && state !== 'closed') {
    return invalid([{ resource: 'PullRequest', field: 'state', code: 'invalid' }]);
  }
  if (base !== undefined && !repo.branches.has(base)) {
    return invalid([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  }
  if (title !== undefined) pull.title = title;
  if (text !== undefined) pull.body = text;
  if (state !== undefined && !pull.merged) pull.state = state;
  if (base !== undefined) pull.base = base;
  pull.updatedAt = ctx.model.tick();
  return ok(pullJson(repo, pull, ctx.api()));
}

/** Merging puts one commit on the base branch (a merge or squash commit) and closes the pull. */
function mergeRoute(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const found = findPull(ctx, req);
  if (!found) return notFound();
  const { repo, pull } = found;
  const body = jsonBody(req.rawBody);
  const mergeMethod = stringField(body, 'merge_method') ?? 'merge';
  const sha = stringField(body, 'sha');
  ctx.logs.merges.push({ repo: repo.fullName, number: pull.number, mergeMethod, sha });
  if (pull.state !== 'open' || !pull.mergeable) return failed(405, 'Pull Request is not mergeable');
  if (sha !== undefined && sha !== repo.branches.get(pull.head)) {
    return failed(409, 'Head branch was modified. Review and try the merge again.');
  }
  const title =
    stringField(body, 'commit_title') ??
    (mergeMethod === 'merge'
      ? `Merge pull request #${pull.number} from ${repo.owner}/${pull.head}`
      : pull.title);
  const message = [
    mergeMethod === 'merge' ? title : `${title} (#${pull.number})`,
    stringField(body, 'commit_message'),
  ]
    .filter(Boolean)
    .join('\n\n');
  const commit = mergePull(ctx.model, repo, pull, { message, author: gitUserOf(ctx.login) });
  return ok({ sha: commit.sha, merged: true, message: 'Pull Request successfully merged' });
}

export function registerPullRoutes(router: Router, ctx: RouteContext): void {
  router
    .add('POST', '/repos/{owner}/{repo}/pulls', (req) => createPull(ctx, req))
    .add('GET', '/repos/{owner}/{repo}/pulls', (req) => listPulls(ctx, req))
    .add('GET', '/repos/{owner}/{repo}/commits/{commit_sha}/pulls', (req) => listCommitPulls(ctx, req))
    .add('GET', '/repos/{owner}/{repo}/pulls/{pull_number}', (req) => {
      const found = findPull(ctx, req);
      return found ? ok(pullJson(found.repo, found.pull, ctx.api())) : notFound();
    })
    .add('PATCH', '/repos/{owner}/{repo}/pulls/{pull_number}', (req) => updatePull(ctx, req))
    .add('PUT', '/repos/{owner}/{repo}/pulls/{pull_number}/merge', (req) => mergeRoute(ctx, req))
    .add('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/merge', (req) => {
      const found = findPull(ctx, req);
      return found?.pull.merged ? { status: 204 } : notFound();
    });
}
