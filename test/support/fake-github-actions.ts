import { jobJson, paginate, runJson } from './fake-github-json.js';
import type { RepoState, RunState, WorkflowState } from './fake-github-model.js';
import { failed, notFound, ok, type RouteContext, repoOf, stringField } from './fake-github-routes.js';
import { type FakeRequest, jsonBody, type Router } from './http-fake-server.js';

const RUN_STATUSES = new Set(['completed', 'in_progress', 'queued', 'requested', 'waiting', 'pending']);

/** `status` filters on the status or, for values like `failure`, on the conclusion. */
function runFilter(req: FakeRequest, ctx: RouteContext): (run: RunState) => boolean {
  const branch = req.query.get('branch');
  const status = req.query.get('status');
  const headSha = req.query.get('head_sha');
  const event = req.query.get('event');
  const actor = req.query.get('actor');
  return (run) => {
    const attempt = ctx.model.latest(run);
    if (branch && run.branch !== branch) return false;
    if (headSha && run.headSha !== headSha) return false;
    if (event && run.event !== event) return false;
    if (actor && run.actor !== actor) return false;
    if (status && RUN_STATUSES.has(status)) return attempt.status === status;
    if (status) return attempt.conclusion === status;
    return true;
  };
}

/** The query parameters that make a runs listing a search GitHub cuts at 1,000 results. */
const SEARCH_PARAMETERS = ['actor', 'branch', 'check_suite_id', 'created', 'event', 'head_sha', 'status'];
export const RUN_SEARCH_LIMIT = 1_000;

/**
 * "List workflow runs for a workflow" / "for a repository"
 * (https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow):
 * newest first, paged like any list (`per_page` default 30, at most 100), and "This endpoint will
 * return up to 1,000 results for each search when using the following parameters: `actor`,
 * `branch`, `check_suite_id`, `created`, `event`, `head_sha`, `status`", so with any of those the
 * pages end after the newest 1,000. The docs do not say whether `total_count` is cut too; the
 * fake keeps it the number of runs that match.
 */
function listRuns(ctx: RouteContext, req: FakeRequest, repo: RepoState, workflow?: WorkflowState) {
  const runs = [...ctx.model.runs.values()]
    .filter((run) => run.repo === repo && (!workflow || run.workflow === workflow))
    .filter(runFilter(req, ctx))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
  const search = SEARCH_PARAMETERS.some((name) => req.query.has(name));
  const page = paginate(search ? runs.slice(0, RUN_SEARCH_LIMIT) : runs, req, ctx.api());
  const workflowRuns = page.items.map((run) => runJson(run, ctx.model.latest(run), ctx.api()));
  return ok({ total_count: runs.length, workflow_runs: workflowRuns }, page.headers);
}

function findRun(ctx: RouteContext, req: FakeRequest): RunState | undefined {
  const repo = repoOf(ctx, req);
  const run = ctx.model.runs.get(Number(req.params.run_id));
  return repo && run?.repo === repo ? run : undefined;
}

function workflowJson(ctx: RouteContext, repo: RepoState, workflow: WorkflowState) {
  return {
    id: workflow.id,
    node_id: `W_${workflow.id}`,
    name: workflow.name,
    path: workflow.path,
    state: 'active',
    created_at: workflow.createdAt,
    updated_at: workflow.createdAt,
    url: `${ctx.api()}/repos/${repo.fullName}/actions/workflows/${workflow.id}`,
    html_url: `https://github.com/${repo.fullName}/blob/${repo.defaultBranch}/${workflow.path}`,
    badge_url: `https://github.com/${repo.fullName}/workflows/${encodeURIComponent(workflow.name)}/badge.svg`,
  };
}

function rerun(ctx: RouteContext, kind: 'rerun' | 'rerun-failed-jobs') {
  return (req: FakeRequest) => {
    const run = findRun(ctx, req);
    if (!run) return notFound();
    if (ctx.model.latest(run).status !== 'completed')
      return failed(403, 'This workflow run cannot be retried');
    const body = jsonBody(req.rawBody);
    ctx.logs.rerunRequests.push({
      repo: run.repo.fullName,
      runId: run.id,
      kind,
      enableDebugLogging: body.enable_debug_logging === true,
    });
    ctx.model.requestRerun(run, kind === 'rerun-failed-jobs');
    return { status: 201, body: {} };
  };
}

export function registerActionsRoutes(router: Router, ctx: RouteContext): void {
  const base = '/repos/{owner}/{repo}/actions';
  router
    .add('GET', `${base}/workflows`, (req) => {
      const repo = repoOf(ctx, req);
      if (!repo) return notFound();
      const workflows = [...repo.workflows.values()].map((w) => workflowJson(ctx, repo, w));
      return ok({ total_count: workflows.length, workflows });
    })
    .add('GET', `${base}/workflows/{workflow_id}`, (req) => {
      const repo = repoOf(ctx, req);
      const workflow = repo && ctx.model.findWorkflow(repo, req.params.workflow_id ?? '');
      return repo && workflow ? ok(workflowJson(ctx, repo, workflow)) : notFound();
    })
    .add('GET', `${base}/workflows/{workflow_id}/runs`, (req) => {
      const repo = repoOf(ctx, req);
      const workflow = repo && ctx.model.findWorkflow(repo, req.params.workflow_id ?? '');
      return repo && workflow ? listRuns(ctx, req, repo, workflow) : notFound();
    })
    .add('GET', `${base}/runs`, (req) => {
      const repo = repoOf(ctx, req);
      return repo ? listRuns(ctx, req, repo) : notFound();
    })
    .add('GET', `${base}/runs/{run_id}`, (req) => {
      const run = findRun(ctx, req);
      return run ? ok(runJson(run, ctx.model.latest(run), ctx.api())) : notFound();
    })
    .add('GET', `${base}/runs/{run_id}/attempts/{attempt_number}`, (req) => {
      const run = findRun(ctx, req);
      const attempt = run?.attempts.find((a) => String(a.attempt) === req.params.attempt_number);
      return run && attempt ? ok(runJson(run, attempt, ctx.api())) : notFound();
    })
    // "List jobs for a workflow run attempt": `total_count` and one page of `jobs`, paged like any list
    // (https://docs.github.com/en/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt).
    .add('GET', `${base}/runs/{run_id}/attempts/{attempt_number}/jobs`, (req) => {
      const run = findRun(ctx, req);
      const attempt = run?.attempts.find((a) => String(a.attempt) === req.params.attempt_number);
      if (!run || !attempt) return notFound();
      const page = paginate(attempt.jobs, req, ctx.api());
      const jobs = page.items.map((job) => jobJson(run, job, ctx.api()));
      return ok({ total_count: attempt.jobs.length, jobs }, page.headers);
    })
    .add('GET', `${base}/runs/{run_id}/jobs`, (req) => {
      const run = findRun(ctx, req);
      if (!run) return notFound();
      const filter = req.query.get('filter') ?? 'latest';
      const all = filter === 'all' ? run.attempts.flatMap((a) => a.jobs) : ctx.model.latest(run).jobs;
      const page = paginate(all, req, ctx.api());
      return ok(
        { total_count: all.length, jobs: page.items.map((job) => jobJson(run, job, ctx.api())) },
        page.headers,
      );
    })
    .add('GET', `${base}/jobs/{job_id}`, (req) => {
      const repo = repoOf(ctx, req);
      for (const run of ctx.model.runs.values()) {
        if (run.repo !== repo) continue;
        const job = run.attempts.flatMap((a) => a.jobs).find((j) => String(j.id) === req.params.job_id);
        if (job) return ok(jobJson(run, job, ctx.api()));
      }
      return notFound();
    })
    .add('POST', `${base}/runs/{run_id}/rerun`, rerun(ctx, 'rerun'))
    .add('POST', `${base}/runs/{run_id}/rerun-failed-jobs`, rerun(ctx, 'rerun-failed-jobs'))
    .add('POST', `${base}/workflows/{workflow_id}/dispatches`, (req) => {
      const repo = repoOf(ctx, req);
      const workflow = repo && ctx.model.findWorkflow(repo, req.params.workflow_id ?? '');
      if (!repo || !workflow) return notFound();
      const body = jsonBody(req.rawBody);
      const ref = stringField(body, 'ref');
      if (!ref) return failed(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
      if (!repo.branches.has(ref.replace(/^refs\/heads\//, '')))
        return failed(422, `No ref found for: ${ref}`);
      const inputs = typeof body.inputs === 'object' && body.inputs !== null ? body.inputs : {};
      ctx.logs.dispatches.push({
        repo: repo.fullName,
        workflow: workflow.file,
        ref,
        inputs: inputs as Record<string, unknown>,
      });
      return { status: 204 };
    });
}
