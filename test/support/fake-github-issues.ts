import { commentJson, issueJson, paginate, pullJson } from './fake-github-json.js';
import type { IssueState, RepoState } from './fake-github-model.js';
import { invalid, notFound, ok, type RouteContext, repoOf, stringField } from './fake-github-routes.js';
import { type FakeRequest, type FakeResponse, jsonBody, type Router } from './http-fake-server.js';

const names = (value: unknown): string[] =>
  Array.isArray(value)
    ? value
        .map((v) => (typeof v === 'string' ? v : String((v as { name?: unknown }).name ?? '')))
        .filter(Boolean)
    : [];

function createIssue(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound();
  const body = jsonBody(req.rawBody);
  const title = stringField(body, 'title');
  if (!title) return invalid([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
  const issue: IssueState = {
    number: repo.nextNumber++,
    title,
    body: stringField(body, 'body') ?? null,
    state: 'open',
    labels: names(body.labels),
    assignees: names(body.assignees),
    user: ctx.login,
    createdAt: ctx.model.tick(),
  };
  repo.issues.set(issue.number, issue);
  return { status: 201, body: issueJson(repo, issue, ctx.api()) };
}

/** Pulls are issues too on GitHub: listings include them, with a `pull_request` key. */
function listIssues(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const repo = repoOf(ctx, req);
  if (!repo) return notFound();
  const state = req.query.get('state') ?? 'open';
  const labels = (req.query.get('labels') ?? '').split(',').filter(Boolean);
  const issues = [...repo.issues.values()].map((issue) => ({ number: issue.number, issue }));
  const pulls = [...repo.pulls.values()].map((pull) => ({ number: pull.number, pull }));
  const all = [...issues, ...pulls]
    .filter((entry) => state === 'all' || ('issue' in entry ? entry.issue.state : entry.pull.state) === state)
    .filter((entry) => labels.every((label) => 'issue' in entry && entry.issue.labels.includes(label)))
    .sort((a, b) => b.number - a.number);
  const page = paginate(all, req, ctx.api());
  return ok(
    page.items.map((entry) => {
      if ('issue' in entry) return issueJson(repo, entry.issue, ctx.api());
      const pull = pullJson(repo, entry.pull, ctx.api());
      return { ...pull, url: pull.issue_url, pull_request: { url: pull.url, html_url: pull.html_url } };
    }),
    page.headers,
  );
}

function updateIssue(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const repo = repoOf(ctx, req);
  const issue = repo?.issues.get(Number(req.params.issue_number));
  if (!repo || !issue) return notFound();
  const body = jsonBody(req.rawBody);
  const state = stringField(body, 'state');
  if (state !== undefined && state !== 'open' && state !== 'closed') {
    return invalid([{ resource: 'Issue', field: 'state', code: 'invalid' }]);
  }
  if (state !== undefined) issue.state = state;
  issue.title = stringField(body, 'title') ?? issue.title;
  issue.body = stringField(body, 'body') ?? issue.body;
  if (body.labels !== undefined) issue.labels = names(body.labels);
  return ok(issueJson(repo, issue, ctx.api()));
}

const isIssueOrPull = (repo: RepoState, number: number): boolean =>
  repo.issues.has(number) || repo.pulls.has(number);

export function registerIssueRoutes(router: Router, ctx: RouteContext): void {
  router
    .add('POST', '/repos/{owner}/{repo}/issues', (req) => createIssue(ctx, req))
    .add('GET', '/repos/{owner}/{repo}/issues', (req) => listIssues(ctx, req))
    .add('GET', '/repos/{owner}/{repo}/issues/{issue_number}', (req) => {
      const repo = repoOf(ctx, req);
      const issue = repo?.issues.get(Number(req.params.issue_number));
      return repo && issue ? ok(issueJson(repo, issue, ctx.api())) : notFound();
    })
    .add('PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', (req) => updateIssue(ctx, req))
    .add('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', (req) => {
      const repo = repoOf(ctx, req);
      const number = Number(req.params.issue_number);
      if (!repo || !isIssueOrPull(repo, number)) return notFound();
      const text = stringField(jsonBody(req.rawBody), 'body');
      if (!text) return invalid([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
      const comment = {
        id: ctx.model.nextId('other'),
        body: text,
        user: ctx.login,
        createdAt: ctx.model.tick(),
      };
      repo.comments.set(number, [...(repo.comments.get(number) ?? []), comment]);
      return { status: 201, body: commentJson(repo, number, comment, ctx.api()) };
    })
    .add('GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', (req) => {
      const repo = repoOf(ctx, req);
      const number = Number(req.params.issue_number);
      if (!repo || !isIssueOrPull(repo, number)) return notFound();
      const page = paginate(repo.comments.get(number) ?? [], req, ctx.api());
      return ok(
        page.items.map((c) => commentJson(repo, number, c, ctx.api())),
        page.headers,
      );
    });
}
