import { createHash } from 'node:crypto';
import { registerActionsRoutes } from './fake-github-actions.js';
import { registerGitRoutes } from './fake-github-git.js';
import { registerIssueRoutes } from './fake-github-issues.js';
import {
  type AnnotationSpec,
  type JobLogState,
  type LogHost,
  type LogHostOptions,
  registerJobLogRoutes,
  startLogHost,
} from './fake-github-logs.js';
import { registerMiscRoutes } from './fake-github-misc.js';
import {
  type AddRunOptions,
  type CommentState,
  GitHubModel,
  type GitUser,
  type IssueState,
  type JobSpec,
  type PullState,
  type RunState,
} from './fake-github-model.js';
import {
  type AddMergedPullOptions,
  addMergedPull,
  type OpenPullOptions,
  openPull,
} from './fake-github-pull-model.js';
import { registerPullRoutes } from './fake-github-pulls.js';
import { failed, type GitHubLogs, type GraphqlHandler, type RouteContext } from './fake-github-routes.js';
import {
  createSecondaryLimit,
  type SecondaryLimitOptions,
  type SecondaryUsage,
} from './fake-github-secondary.js';
import { type FakeResponse, jsonBody, pollUntil, Router, startHttpFake } from './http-fake-server.js';
import { createRequestHolds, type RequestHold } from './request-hold.js';

export type { AnnotationSpec, LogHostRequest } from './fake-github-logs.js';
export type {
  AddRunOptions,
  CommentState,
  GitUser,
  IssueState,
  JobSpec,
  PullState,
  RunState,
  StepSpec,
} from './fake-github-model.js';
export type { AddMergedPullOptions, OpenPullOptions } from './fake-github-pull-model.js';
export type { DispatchRequest, GraphqlHandler, MergeRequest, RerunRequest } from './fake-github-routes.js';
export type { RequestHold } from './request-hold.js';

export interface FakeGitHubOptions {
  /** When set, any other token is answered 401 Bad credentials. */
  token?: string;
  /** The token's user: author of pulls, issues, comments and merge commits. Default `overseer-bot`. */
  login?: string;
  /** `x-ratelimit-limit`; default 5000. */
  rateLimit?: number;
  /**
   * Clock (ms) for created_at, updated_at and commit dates. Each new object gets a whole second later than the
   * previous one, so a burst of objects would run ahead of the clock; the default therefore runs ten minutes
   * behind real time, which keeps every timestamp in the past. Rate-limit resets always use real time.
   */
  now?: () => number;
  /** The job-log host: how long a log URL lives (default 60 s), whether it honours `Range`. */
  logs?: LogHostOptions;
  /**
   * GitHub's secondary limits (see fake-github-secondary.ts). Points are always counted; requests
   * past the limits are refused only when this is given.
   */
  secondary?: SecondaryLimitOptions;
  /**
   * Clock (ms) of the rate limits: the hourly budget's reset (it refills then) and the secondary
   * limit's minutes. Default real time; a benchmark simulating hours passes its own.
   */
  rateClock?: () => number;
}

/**
 * A 4xx needs GitHub's message, e.g. `{ status: 403, message: 'Resource not accessible by integration' }`
 * (a token without the permission an endpoint needs).
 */
export type GitHubFailure =
  | { status: 500 | 502 | 503 }
  | { status: 400 | 403 | 404 | 409 | 422; message: string }
  /** 403 (default) or 429 with `retry-after` seconds and GitHub's secondary-limit message. */
  | { secondaryRateLimit: number; status?: 403 | 429 }
  | { primaryRateLimit: true; resetInSeconds?: number }
  /** No answer for `hangMs` (a client deadline shorter than that gives up), then the usual one. */
  | { hangMs: number };

/** `path` is the request path (`/repos/acme/widgets/actions/runs/1`), a route (`/repos/{owner}/…`) or a RegExp. */
export interface RequestMatcher {
  method?: string;
  path?: string | RegExp;
}

export interface GitHubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** `GET /repos/{owner}/{repo}/actions/runs/{run_id}`; undefined for unknown routes. */
  route: string | undefined;
  body: unknown;
  status: number;
  /** Counts against the rate limit: false for 304s, primary-rate-limited 403s, 401s and GET /rate_limit. */
  counted: boolean;
  time: number;
}

export interface FakeGitHub extends Readonly<GitHubLogs> {
  /** `http://127.0.0.1:PORT`: the `baseUrl` for Octokit, `GITHUB_API_URL`. */
  url: string;
  close(): Promise<void>;
  addRepo(fullName: string, opts?: { defaultBranch?: string; private?: boolean }): void;
  /** Appends a commit to the branch (default: the default branch) and returns its 40-hex SHA. */
  addCommit(
    repo: string,
    commit: { message: string; author: GitUser; branch?: string; date?: string },
  ): string;
  addRun(repo: string, run: AddRunOptions): number;
  /** Adds a workflow file with no runs yet (one `workflow_dispatch` can start). */
  addWorkflow(repo: string, file: string, name?: string): void;
  /** Completes a run that was added in progress. */
  completeRun(runId: number, result: { conclusion: string; jobs?: JobSpec[] }): void;
  /** Makes attempt n+1 the run's latest, completed attempt (finishing a re-run requested through the API). */
  completeRerun(runId: number, result: { conclusion: string; jobs?: JobSpec[] }): number;
  /** The live state of a run: its attempts and their jobs. */
  run(runId: number): RunState;
  branchHead(repo: string, branch?: string): string | undefined;
  /** Live pulls, issues and comments; a test may set `pull.mergeable = false`. */
  pulls(repo: string): PullState[];
  issues(repo: string): IssueState[];
  comments(repo: string, number: number): CommentState[];
  /**
   * Adds a merged pull request: a commit by `author` (a login) on a head branch, squash-merged into the
   * default branch. Answers the pull's number and its merge commit, now the default branch's head.
   */
  addMergedPull(repo: string, pull: AddMergedPullOptions): { number: number; sha: string };
  /** Opens a pull request as `user` (another account than the token's), optionally from a fork. */
  openPull(repo: string, pull: OpenPullOptions): PullState;
  /**
   * Installs the test's GraphQL handler. It sees every document; one it answers `undefined` goes to the
   * fake's own documents (the `revertPullRequest` mutation), which answer alone when no handler is set.
   */
  onGraphql(handler: GraphqlHandler): void;
  /** The job's log, served by redirect to the log host; `gone` makes the API answer 410. */
  setJobLog(jobId: number, log: string | 'gone'): void;
  /** The job's check-run annotations. */
  setAnnotations(jobId: number, annotations: AnnotationSpec[]): void;
  /** The separate host job-log URLs point at, and the requests it received. */
  readonly logHost: Pick<LogHost, 'origin' | 'requests' | 'delay' | 'hold'>;
  readonly requests: readonly GitHubRequest[];
  countedRequests(): number;
  readonly rateLimit: { limit: number; remaining: number; used: number; reset: number };
  /** Secondary-limit points by minute, the most requests in flight at once, requests refused. */
  secondaryUsage(): SecondaryUsage;
  failNext(matcher: RequestMatcher, failure: GitHubFailure, times?: number): void;
  /** GitHub is well again: failures queued with failNext and not yet used are dropped. */
  clearFailures(): void;
  /**
   * A slow GitHub: requests `matcher` matches (every request for `{}`) get no answer until the hold
   * is released; then each is answered as usual (or fails, per failNext).
   */
  hold(matcher: RequestMatcher): RequestHold<GitHubRequest>;
  /**
   * The hour's budget is spent: every counted request is refused (403, `x-ratelimit-remaining: 0`)
   * until `x-ratelimit-reset`, `resetInSeconds` from now, when the budget is whole again.
   */
  exhaustBudget(resetInSeconds: number): void;
  /** Requests to any route not listed (as `GET /repos/{owner}/{repo}`) are answered 404 and unexpected. */
  expectOnly(routes: string[]): void;
  readonly unexpected: readonly GitHubRequest[];
  assertNoUnexpected(): void;
  /** Throws listing the requests made, if any: for dormant mode. */
  expectNoRequests(): void;
  waitFor<T>(predicate: (github: FakeGitHub) => T | undefined | false | null, timeoutMs?: number): Promise<T>;
}

const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID FAKE:0000.';
const RATE_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';

export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const model = new GitHubModel(opts.now ?? (() => Date.now() - 10 * 60_000));
  const logs: GitHubLogs = { rerunRequests: [], dispatches: [], merges: [], graphqlRequests: [] };
  const requests: GitHubRequest[] = [];
  const unexpected: GitHubRequest[] = [];
  const failures: { matcher: RequestMatcher; failure: GitHubFailure; remaining: number }[] = [];
  const limit = opts.rateLimit ?? 5000;
  const rateClock = opts.rateClock ?? Date.now;
  const rate = { limit, remaining: limit, used: 0, reset: epochSeconds(rateClock()) + 3600 };
  const secondary = createSecondaryLimit(opts.secondary ?? { enforce: false }, rateClock);
  let graphql: GraphqlHandler | undefined;
  let allowed: Set<string> | undefined;
  let origin = '';
  const ctx: RouteContext = {
    model,
    logs,
    api: () => origin,
    login: opts.login ?? 'overseer-bot',
    graphql: () => graphql,
  };

  const router = new Router();
  registerActionsRoutes(router, ctx);
  registerGitRoutes(router, ctx);
  registerPullRoutes(router, ctx);
  registerIssueRoutes(router, ctx);
  registerMiscRoutes(router, ctx, () => ({ ...rate }));
  const logHost = await startLogHost(opts.logs);
  const jobLogs: JobLogState = { logs: new Map(), annotations: new Map() };
  registerJobLogRoutes(router, ctx, logHost, jobLogs);

  const takeFailure = (method: string, path: string, route: string): GitHubFailure | undefined => {
    const entry = failures.find(
      ({ matcher, remaining }) => remaining > 0 && matches(matcher, method, path, route),
    );
    if (!entry) return undefined;
    entry.remaining -= 1;
    return entry.failure;
  };

  const holds = createRequestHolds<GitHubRequest>();

  const server = await startHttpFake(async (req) => {
    const admission = secondary.admit(req.method);
    if (!admission.ok) {
      const response = { status: 403, body: { message: SECONDARY_MESSAGE, documentation_url: RATE_DOCS } };
      return answer(req, { ...response, headers: { 'retry-after': String(admission.retryAfter) } });
    }
    try {
      return await answer(req);
    } finally {
      admission.done();
    }
  });

  /** Answers a request (or records `refusal`, a secondary limit's, as its answer). */
  async function answer(req: Parameters<Parameters<typeof startHttpFake>[0]>[0], refusal?: FakeResponse) {
    // The hourly budget refills at its reset.
    if (rateClock() >= rate.reset * 1000) {
      Object.assign(rate, { remaining: limit, used: 0, reset: epochSeconds(rateClock()) + 3600 });
    }
    const record: GitHubRequest = {
      method: req.method,
      path: req.path,
      query: Object.fromEntries(req.query),
      route: undefined,
      body: req.rawBody === '' ? undefined : safeJson(req.rawBody),
      status: 0,
      counted: false,
      time: Date.now(),
    };
    requests.push(record);
    // The budget is whole again once its reset time has passed (x-ratelimit-reset, epoch seconds).
    if (Date.now() >= rate.reset * 1000)
      Object.assign(rate, { remaining: limit, used: 0, reset: epochSeconds() + 3600 });
    const finish = (response: FakeResponse, counted: boolean): FakeResponse => {
      record.status = response.status;
      record.counted = counted;
      if (counted) {
        rate.remaining = Math.max(rate.remaining - 1, 0);
        rate.used += 1;
      }
      const limitHeaders = {
        'x-ratelimit-limit': String(rate.limit),
        'x-ratelimit-remaining': String(rate.remaining),
        'x-ratelimit-used': String(rate.used),
        'x-ratelimit-reset': String(rate.reset),
        'x-ratelimit-resource': 'core',
      };
      const headers = {
        ...limitHeaders,
        'x-github-request-id': `FAKE:${requests.length}`,
        ...response.headers,
      };
      return { ...response, headers };
    };

    if (refusal) return finish(refusal, true);
    const token = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return finish(failed(401, 'Requires authentication'), false);
    if (opts.token !== undefined && token !== opts.token && !token.startsWith('ghs_fake')) {
      return finish(failed(401, 'Bad credentials'), false);
    }
    const match = router.match(req.method, req.path);
    record.route = match?.route;
    if (!match || (allowed && !allowed.has(match.route))) {
      unexpected.push(record);
      return finish(failed(404, 'Not Found'), true);
    }
    await holds.gate(record);
    let failure = takeFailure(req.method, req.path, match.route);
    if (failure && 'hangMs' in failure) {
      const { hangMs } = failure;
      await new Promise((resolve) => setTimeout(resolve, hangMs));
      failure = undefined;
    }
    if (failure && 'primaryRateLimit' in failure) {
      const reset = String(epochSeconds(rateClock()) + (failure.resetInSeconds ?? 60));
      const message = 'API rate limit exceeded for user ID 1.';
      const response = finish({ status: 403, body: { message, documentation_url: RATE_DOCS } }, false);
      return {
        ...response,
        headers: { ...response.headers, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
      };
    }
    if (failure && 'secondaryRateLimit' in failure) {
      const status = failure.status ?? 403;
      const response = { status, body: { message: SECONDARY_MESSAGE, documentation_url: RATE_DOCS } };
      return finish({ ...response, headers: { 'retry-after': String(failure.secondaryRateLimit) } }, true);
    }
    if (failure) {
      const fallback = failure.status === 503 ? 'Service Unavailable' : 'Server Error';
      return finish(failed(failure.status, 'message' in failure ? failure.message : fallback), true);
    }
    const counted = req.path !== '/rate_limit';
    if (counted && rate.remaining === 0) {
      const message = 'API rate limit exceeded for user ID 1.';
      return finish({ status: 403, body: { message, documentation_url: RATE_DOCS } }, false);
    }
    const response = await match.handler({ ...req, params: match.params });
    if (req.method !== 'GET' || response.status !== 200) return finish(response, counted);
    const etag = `"${createHash('sha256').update(JSON.stringify(response.body)).digest('hex')}"`;
    const withEtag = { ...response, headers: { ...response.headers, etag } };
    if (!matchesEtag(req.headers['if-none-match'], etag)) return finish(withEtag, counted);
    return finish({ status: 304, headers: { etag } }, false);
  }
  origin = server.origin;

  const fake: FakeGitHub = {
    url: origin,
    close: async () => {
      holds.releaseAll();
      await Promise.all([server.close(), logHost.close()]);
    },
    addRepo: (fullName, repoOpts) => void model.addRepo(fullName, repoOpts),
    addCommit: (repo, commit) => model.addCommit(model.repo(repo), commit).sha,
    addRun: (repo, run) => model.addRun(model.repo(repo), run).id,
    addWorkflow: (repo, file, name) => void model.workflow(model.repo(repo), file, name),
    completeRun: (runId, result) =>
      void model.completeAttempt(model.run(runId), result.conclusion, result.jobs),
    completeRerun: (runId, result) => {
      const run = model.run(runId);
      const latest = model.latest(run);
      if (latest.status !== 'completed' && latest.attempt === 1) {
        throw new Error(`workflow run ${runId} has not completed its first attempt; use completeRun`);
      }
      if (latest.status === 'completed') model.requestRerun(run, false);
      return model.completeAttempt(run, result.conclusion, result.jobs).attempt;
    },
    run: (runId) => model.run(runId),
    branchHead: (repo, branch) => {
      const state = model.repo(repo);
      return state.branches.get(branch ?? state.defaultBranch);
    },
    pulls: (repo) => [...model.repo(repo).pulls.values()],
    issues: (repo) => [...model.repo(repo).issues.values()],
    comments: (repo, number) => [...(model.repo(repo).comments.get(number) ?? [])],
    addMergedPull: (repo, pull) => addMergedPull(model, model.repo(repo), pull),
    openPull: (repo, { base, body, headRepo, ...pull }) => {
      const state = model.repo(repo);
      return openPull(model, state, {
        ...pull,
        base: base ?? state.defaultBranch,
        body: body ?? null,
        draft: false,
        ...(headRepo === undefined ? {} : { headRepo }),
      });
    },
    onGraphql: (handler) => {
      graphql = handler;
    },
    setJobLog: (jobId, log) => void jobLogs.logs.set(jobId, log),
    setAnnotations: (jobId, annotations) => void jobLogs.annotations.set(jobId, annotations),
    logHost,
    ...logs,
    requests,
    countedRequests: () => requests.filter((r) => r.counted).length,
    get rateLimit() {
      return { ...rate };
    },
    secondaryUsage: () => secondary.usage(),
    failNext: (matcher, failure, times = 1) => void failures.push({ matcher, failure, remaining: times }),
    clearFailures: () => void failures.splice(0),
    hold: (matcher) =>
      holds.add((request) => matches(matcher, request.method, request.path, request.route ?? '')),
    exhaustBudget: (resetInSeconds) => {
      rate.used += rate.remaining;
      rate.remaining = 0;
      rate.reset = epochSeconds() + resetInSeconds;
    },
    expectOnly: (routes) => {
      allowed = new Set(routes);
    },
    unexpected,
    assertNoUnexpected: () => {
      if (unexpected.length === 0) return;
      const list = unexpected.map((r) => `${r.method} ${r.path}`).join('\n  ');
      throw new Error(`fake GitHub received requests to unknown or unexpected routes:\n  ${list}`);
    },
    expectNoRequests: () => {
      if (requests.length === 0) return;
      const list = requests.map((r) => `${r.method} ${r.path}`).join('\n  ');
      throw new Error(`fake GitHub expected no requests but received:\n  ${list}`);
    },
    waitFor: (predicate, timeoutMs = 10_000) =>
      pollUntil(
        () => predicate(fake),
        timeoutMs,
        () => `GitHub requests so far: ${requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'none'}`,
      ),
  };
  return fake;
}

const epochSeconds = (ms = Date.now()): number => Math.floor(ms / 1000);

function matches(matcher: RequestMatcher, method: string, path: string, route: string): boolean {
  if (matcher.method && matcher.method.toUpperCase() !== method) return false;
  if (matcher.path === undefined) return true;
  if (matcher.path instanceof RegExp) return matcher.path.test(path);
  return matcher.path === path || `${method} ${matcher.path}` === route;
}

function safeJson(raw: string): unknown {
  try {
    return jsonBody(raw);
  } catch {
    return raw;
  }
}

/** `If-None-Match` may list several tags, weak or strong; `*` matches anything. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim().replace(/^W\//, '');
    return trimmed === '*' || trimmed === etag;
  });
}
