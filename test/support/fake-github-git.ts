import { compareCommits } from './fake-github-compare.js';
import { commitJson, paginate, repoJson } from './fake-github-json.js';
import type { CommitState, RepoState } from './fake-github-model.js';
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

function refJson(ctx: RouteContext, repo: RepoState, branch: string, sha: string) {
  return {
    ref: `refs/heads/${branch}`,
    node_id: `REF_${Buffer.from(`${repo.fullName}:${branch}`).toString('base64url')}`,
    url: `${ctx.api()}/repos/${repo.fullName}/git/refs/heads/${branch}`,
    object: { sha, type: 'commit', url: `${ctx.api()}/repos/${repo.fullName}/git/commits/${sha}` },
  };
}

function listCommits(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound();
  const start = ctx.model.resolve(repo, req.query.get('sha') ?? repo.defaultBranch);
  if (!start) return repo.commits.size === 0 ? failed(409, 'Git Repository is empty.') : notFound();
  const since = req.query.get('since');
  const until = req.query.get('until');
  const inWindow = (c: CommitState) =>
    (!since || Date.parse(c.date) >= Date.parse(since)) &&
    (!until || Date.parse(c.date) <= Date.parse(until));
  const commits = ctx.model.history(repo, start.sha).filter(inWindow);
  const page = paginate(commits, req, ctx.api());
  return ok(
    page.items.map((c) => commitJson(repo, c, ctx.api())),
    page.headers,
  );
}

function createRef(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound();
  const body = jsonBody(req.rawBody);
  const ref = stringField(body, 'ref') ?? '';
  const sha = stringField(body, 'sha') ?? '';
  if (!/^refs\/[^/]+\/.+/.test(ref)) {
    return failed(422, "Reference name must start with 'refs/' and have at least two slashes.");
  }
  if (!ref.startsWith('refs/heads/'))
    return invalid([{ resource: 'Reference', code: 'not_supported_by_fake' }]);
  const branch = ref.slice('refs/heads/'.length);
  if (repo.branches.has(branch)) return failed(422, 'Reference already exists');
  if (!repo.commits.has(sha)) return failed(422, 'Object does not exist');
  repo.branches.set(branch, sha);
  return { status: 201, body: refJson(ctx, repo, branch, sha) };
}

function updateRef(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const repo = repoOf(ctx, req);
  const branch = (req.params.ref ?? '').replace(/^heads\//, '');
  const current = repo?.branches.get(branch);
  if (!repo || !current) return failed(422, 'Reference does not exist');
  const body = jsonBody(req.rawBody);
  const sha = stringField(body, 'sha') ?? '';
  if (!repo.commits.has(sha)) return failed(422, 'Object does not exist');
  const fastForward = ctx.model.history(repo, sha).some((c) => c.sha === current);
  if (!fastForward && body.force !== true) return failed(422, 'Update is not a fast forward');
  repo.branches.set(branch, sha);
  return ok(refJson(ctx, repo, branch, sha));
}

export function registerGitRoutes(router: Router, ctx: RouteContext): void {
  router
    .add('GET', '/repos/{owner}/{repo}', (req) => {
      const repo = repoOf(ctx, req);
      return repo ? ok(repoJson(repo, ctx.api())) : notFound();
    })
    .add('GET', '/repos/{owner}/{repo}/commits', (req) => listCommits(ctx, req))
    .add('GET', '/repos/{owner}/{repo}/commits/{ref+}', (req) => {
      const repo = repoOf(ctx, req);
      if (!repo) return notFound();
      const commit = ctx.model.resolve(repo, req.params.ref ?? '');
      if (!commit) return failed(422, `No commit found for SHA: ${req.params.ref}`);
      return ok({
        ...commitJson(repo, commit, ctx.api()),
        stats: { total: 0, additions: 0, deletions: 0 },
        files: [],
      });
    })
    .add('GET', '/repos/{owner}/{repo}/compare/{basehead+}', (req) => compareCommits(ctx, req))
    .add('GET', '/repos/{owner}/{repo}/branches/{branch+}', (req) => {
      const repo = repoOf(ctx, req);
      const sha = repo?.branches.get(req.params.branch ?? '');
      const commit = sha === undefined ? undefined : repo?.commits.get(sha);
      if (!repo || !commit) return failed(404, 'Branch not found');
      return ok({ name: req.params.branch, commit: commitJson(repo, commit, ctx.api()), protected: false });
    })
    .add('GET', '/repos/{owner}/{repo}/git/ref/{ref+}', (req) => {
      const repo = repoOf(ctx, req);
      const branch = (req.params.ref ?? '').replace(/^heads\//, '');
      const sha = req.params.ref?.startsWith('heads/') ? repo?.branches.get(branch) : undefined;
      return repo && sha ? ok(refJson(ctx, repo, branch, sha)) : notFound();
    })
    .add('POST', '/repos/{owner}/{repo}/git/refs', (req) => createRef(ctx, req))
    .add('PATCH', '/repos/{owner}/{repo}/git/refs/{ref+}', (req) => updateRef(ctx, req))
    .add('DELETE', '/repos/{owner}/{repo}/git/refs/{ref+}', (req) => {
      const repo = repoOf(ctx, req);
      const branch = (req.params.ref ?? '').replace(/^heads\//, '');
      if (!repo?.branches.delete(branch)) return failed(422, 'Reference does not exist');
      return { status: 204 };
    });
}
