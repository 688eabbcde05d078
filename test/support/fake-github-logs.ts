import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JobState } from './fake-github-jobs.js';
import type { RunState } from './fake-github-model.js';
import { notFound, ok, type RouteContext, repoOf } from './fake-github-routes.js';
import type { FakeRequest, Router } from './http-fake-server.js';
import { createRequestHolds, type RequestHold } from './request-hold.js';

/**
 * Job logs as GitHub serves them: "Download job logs for a workflow job" answers 302 with a
 * `Location` that "expires after 1 minute"
 * (https://docs.github.com/en/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-job),
 * on another host that takes no token. The fake's log host answers `Range: bytes=-N` with 206 (or
 * ignores it, to test a client's own bound), and 410 once a URL has expired.
 */

export interface AnnotationSpec {
  message: string;
  /** `failure` (default), `warning` or `notice`. */
  level?: 'failure' | 'warning' | 'notice';
  path?: string;
}

export interface LogHostRequest {
  path: string;
  range: string | undefined;
  authorization: string | undefined;
  status: number;
}

export interface HeldLogRequest {
  readonly path: string;
  readonly abandoned: boolean;
}

export interface LogHostOptions {
  /** How long a log URL lives; default 60 s as GitHub documents. */
  ttlMs?: number;
  /** Answer `Range` with 206; default true. */
  honourRange?: boolean;
}

export interface JobLogState {
  /** The job's log text, or `gone` once GitHub no longer keeps it (410). */
  logs: Map<number, string | 'gone'>;
  annotations: Map<number, AnnotationSpec[]>;
}

export interface LogHost {
  origin: string;
  readonly requests: readonly LogHostRequest[];
  /** A fresh short-lived URL for `text`. */
  issue(text: string): string;
  /** Answers every later request only after `ms` (a slow log host); 0 answers at once. */
  delay(ms: number): void;
  /**
   * A slow log host on the test's command: no request is answered until the hold is released.
   * `abandoned` turns true when the client gives up on a held request (closes it unanswered).
   */
  hold(): RequestHold<HeldLogRequest>;
  close(): Promise<void>;
}

export async function startLogHost(opts: LogHostOptions = {}): Promise<LogHost> {
  const ttlMs = opts.ttlMs ?? 60_000;
  const honourRange = opts.honourRange ?? true;
  const blobs = new Map<string, { body: Buffer; expiresAt: number }>();
  const requests: LogHostRequest[] = [];
  let delayMs = 0;
  const holds = createRequestHolds<HeldLogRequest>();
  const server = createServer((req, res) => {
    const held = { path: new URL(req.url ?? '/', 'http://fake.invalid').pathname, abandoned: false };
    res.once('close', () => {
      if (!res.writableEnded) held.abandoned = true;
    });
    void holds.gate(held).then(() => {
      if (delayMs > 0) setTimeout(() => serve(req, res), delayMs);
      else serve(req, res);
    });
  });
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
    const record: LogHostRequest = {
      path,
      range: req.headers.range,
      authorization: req.headers.authorization,
      status: 0,
    };
    requests.push(record);
    const blob = blobs.get(path);
    if (!blob) return answer(res, record, 404, 'BlobNotFound');
    if (Date.now() >= blob.expiresAt) return answer(res, record, 410, 'The log URL has expired');
    const suffix = /^bytes=-(\d+)$/.exec(req.headers.range ?? '');
    if (!honourRange || !suffix) return answer(res, record, 200, blob.body);
    const total = blob.body.length;
    const start = Math.max(total - Number(suffix[1]), 0);
    const headers = { 'content-range': `bytes ${start}-${total - 1}/${total}` };
    return answer(res, record, 206, blob.body.subarray(start), headers);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    issue(text) {
      const path = `/blobs/${randomBytes(8).toString('hex')}.txt`;
      blobs.set(path, { body: Buffer.from(text, 'utf8'), expiresAt: Date.now() + ttlMs });
      return `${origin}${path}?sig=fake`;
    },
    delay(ms) {
      delayMs = ms;
    },
    hold: () => holds.add(() => true),
    close: () =>
      new Promise<void>((resolve, reject) => {
        holds.releaseAll();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function answer(
  res: ServerResponse,
  record: LogHostRequest,
  status: number,
  body: Buffer | string,
  headers: Record<string, string> = {},
): void {
  record.status = status;
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  // Written in pieces, so a client that stops reading early is seen to stop early.
  for (let i = 0; i < payload.length; i += 16_384) res.write(payload.subarray(i, i + 16_384));
  res.end();
}

function findJob(ctx: RouteContext, req: FakeRequest, id: string | undefined): JobState | undefined {
  const repo = repoOf(ctx, req);
  const runs: RunState[] = [...ctx.model.runs.values()].filter((run) => run.repo === repo);
  return runs.flatMap((run) => run.attempts.flatMap((a) => a.jobs)).find((job) => String(job.id) === id);
}

const gone = () => ({
  status: 410,
  body: { message: 'Gone', documentation_url: 'https://docs.github.com/rest' },
});

export function registerJobLogRoutes(
  router: Router,
  ctx: RouteContext,
  host: LogHost,
  state: JobLogState,
): void {
  router
    .add('GET', '/repos/{owner}/{repo}/actions/jobs/{job_id}/logs', (req) => {
      const job = findJob(ctx, req, req.params.job_id);
      const log = job && state.logs.get(job.id);
      if (!job || log === undefined) return notFound();
      if (log === 'gone') return gone();
      return { status: 302, headers: { location: host.issue(log) } };
    })
    // "List check run annotations": a job's ID is its check run's ID.
    .add('GET', '/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', (req) => {
      const job = findJob(ctx, req, req.params.check_run_id);
      if (!job) return notFound();
      const annotations = (state.annotations.get(job.id) ?? []).map((a, i) => ({
        path: a.path ?? '.github',
        start_line: 1,
        end_line: 1,
        start_column: null,
        end_column: null,
        annotation_level: a.level ?? 'failure',
        title: '',
        message: a.message,
        raw_details: '',
        blob_href: `https://github.com/${req.params.owner}/${req.params.repo}/blob/x/${a.path ?? '.github'}`,
        index: i,
      }));
      return ok(annotations);
    });
}
