import { paginate, pullJson } from './fake-github-json.js';
import type { PullState, RepoState } from './fake-github-model.js';
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
  const at = ctx.model.tick();
  const pull: PullState = {
    number: repo.nextNumber++,
    title,
    body: stringField(body, 'body') ?? null,
    head,
    base,
    state: 'open',
    draft: body.draft === true,
    merged: false,
    mergedAt: null,
    mergeCommitSha: null,
    mergeable: true,
    user: ctx.login,
    createdAt: at,
    updatedAt: at,
  };
  repo.pulls.set(pull.number, pull);
  return { status: 201, body: pullJson(repo, pull, ctx.api()) };
}

function listPulls(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound();
  const state = req.query.get('state') ?? 'open';
  const head = req.query.get('head');
  const base = req.query.get('base');
  const pulls = [...repo.pulls.values()]
    .filter((p) => state === 'all' || p.state === state)
    .filter((p) => !head || p.head === branchOf(head))
    .filter((p) => !base || p.base === base)
    .reverse();
  const page = paginate(pulls, req, ctx.api());
  return ok(
    page.items.map((p) => pullJson(repo, p, ctx.api())),
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
function mergePull(ctx: RouteContext, req: FakeRequest): FakeResponse {
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
  const author = { name: ctx.login, email: `${ctx.login}@users.noreply.github.com`, login: ctx.login };
  const commit = ctx.model.addCommit(repo, { message, author, branch: pull.base });
  pull.state = 'closed';
  pull.merged = true;
  pull.mergedAt = commit.date;
  pull.updatedAt = commit.date;
  pull.mergeCommitSha = commit.sha;
  return ok({ sha: commit.sha, merged: true, message: 'Pull Request successfully merged' });
}

export function registerPullRoutes(router: Router, ctx: RouteContext): void {
  router
    .add('POST', '/repos/{owner}/{repo}/pulls', (req) => createPull(ctx, req))
    .add('GET', '/repos/{owner}/{repo}/pulls', (req) => listPulls(ctx, req))
    .add('GET', '/repos/{owner}/{repo}/pulls/{pull_number}', (req) => {
      const found = findPull(ctx, req);
      return found ? ok(pullJson(found.repo, found.pull, ctx.api())) : notFound();
    })
    .add('PATCH', '/repos/{owner}/{repo}/pulls/{pull_number}', (req) => updatePull(ctx, req))
    .add('PUT', '/repos/{owner}/{repo}/pulls/{pull_number}/merge', (req) => mergePull(ctx, req))
    .add('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/merge', (req) => {
      const found = findPull(ctx, req);
      return found?.pull.merged ? { status: 204 } : notFound();
    });
}
