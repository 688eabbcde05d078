import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyWebhook } from '../adapters/github/verify-webhook.js';
import type { Log, Store } from '../app/ports.js';
import type { WatchTargetSource } from '../app/run-cycle.js';
import type { Ingress } from './create-ingress.js';
import { refuse } from './refuse.js';
import { sendJson } from './send.js';

/** Nothing is read from a delivery without it. */
const SIGNATURE_HEADERS = ['x-hub-signature-256'] as const;
/** Long enough to cover GitHub's manual redelivery window. */
const DELIVERY_TTL_MS = 3 * 24 * 60 * 60 * 1000;

export interface WebhookDeps {
  readonly secret: string | undefined;
  /** Bounds the bodies read (size, number at once); shared with the other public routes. */
  readonly ingress: Ingress;
  readonly store: Store;
  readonly log: Log;
  readonly sources: () => readonly WatchTargetSource[];
  /** Checks one watch the way the cron cycle does; resolves false when the check failed. */
  readonly check: (source: WatchTargetSource) => Promise<boolean>;
  /** Keeps background work visible to graceful shutdown. */
  readonly track: (work: Promise<unknown>) => void;
  readonly count: (event: string, result: string) => void;
  /** Whether the watch holds a fix task following a pull request; such watches are checked on PR news. */
  readonly followsFix?: (source: WatchTargetSource) => Promise<boolean>;
}

interface WorkflowRunPayload {
  action?: string;
  repository?: { full_name?: string };
  workflow_run?: { path?: string; workflow_id?: number; head_branch?: string | null };
}

function workflowFile(path: string | undefined): string | undefined {
  return path?.split('@', 1)[0]?.split('/').at(-1);
}

/**
 * What a pull request or its checks changing tells a fix task: `pull_request` opened, edited,
 * closed (merged or not), reopened or pushed to (synchronize); a `check_suite` or a `workflow_run`
 * of any workflow completed (a fix's own checks run on its branch, not the watched one).
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
 */
const FIX_NEWS: Readonly<Record<string, ReadonlySet<string>>> = {
  pull_request: new Set(['opened', 'edited', 'closed', 'reopened', 'synchronize']),
  check_suite: new Set(['completed']),
  workflow_run: new Set(['completed']),
};

/** The repo's watches that hold a fix task following a pull request, when the event is news for one. */
async function fixSources(deps: WebhookDeps, event: string, payload: WorkflowRunPayload) {
  const repo = payload.repository?.full_name?.toLowerCase();
  const followsFix = deps.followsFix;
  if (!FIX_NEWS[event]?.has(payload.action ?? '') || repo === undefined || followsFix === undefined)
    return [];
  const picked: WatchTargetSource[] = [];
  for (const source of deps.sources()) {
    if (source.repo.toLowerCase() !== repo) continue;
    if (await followsFix(source).catch(() => false)) picked.push(source);
  }
  return picked;
}

async function matchingSources(deps: WebhookDeps, payload: WorkflowRunPayload): Promise<WatchTargetSource[]> {
  const repo = payload.repository?.full_name?.toLowerCase();
  const run = payload.workflow_run;
  if (payload.action !== 'completed' || repo === undefined || run === undefined) return [];
  const file = workflowFile(run.path);
  const matches: WatchTargetSource[] = [];
  for (const source of deps.sources()) {
    if (source.repo.toLowerCase() !== repo) continue;
    if (source.workflow !== file && source.workflow !== String(run.workflow_id)) continue;
    const target = await source.resolve().catch(() => undefined);
    // Branch unknown (GitHub unreachable): check anyway; the check itself records the failure.
    if (target === undefined || target.watch.branch === run.head_branch) matches.push(source);
  }
  return matches;
}

async function process(deps: WebhookDeps, delivery: string | undefined, sources: WatchTargetSource[]) {
  const results = await Promise.all(sources.map((source) => deps.check(source)));
  if (delivery === undefined || !results.every(Boolean)) return;
  await deps.store.setIfAbsent(`delivery:${delivery}`, '1', DELIVERY_TTL_MS);
}

/**
 * POST /webhooks/github: refuses, unread, a delivery without X-Hub-Signature-256 or over the
 * ingress limits; verifies the signature over the bytes read; answers at once, and checks the watch a
 * completed workflow_run belongs to through the same path as the cron poll. A delivery ID is
 * marked seen only after its check was recorded, so a failed check can be redelivered.
 */
export function createWebhookHandler(deps: WebhookDeps) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (deps.secret === undefined) {
      refuse(response, 401, 'webhooks are disabled: GITHUB_WEBHOOK_SECRET is not set');
      return;
    }
    const raw = await deps.ingress.admit(request, response, 'github', SIGNATURE_HEADERS);
    if (raw === undefined) {
      deps.count('unknown', 'refused');
      return;
    }
    const body = raw.toString('utf8');
    const signature = request.headers['x-hub-signature-256'];
    if (!(await verifyWebhook(deps.secret, body, typeof signature === 'string' ? signature : undefined))) {
      deps.count('unknown', 'bad_signature');
      sendJson(response, 401, { error: 'signature does not match' });
      return;
    }
    const event = String(request.headers['x-github-event'] ?? 'unknown');
    const delivery = request.headers['x-github-delivery'];
    const deliveryId = typeof delivery === 'string' && delivery !== '' ? delivery : undefined;
    let payload: WorkflowRunPayload;
    try {
      payload = JSON.parse(body) as WorkflowRunPayload;
    } catch {
      sendJson(response, 400, { error: 'body is not JSON' });
      return;
    }
    const watched = event === 'workflow_run' ? await matchingSources(deps, payload) : [];
    const fixes = await fixSources(deps, event, payload);
    const sources = [...new Set([...watched, ...fixes])];
    if (sources.length === 0) {
      deps.count(event, 'ignored');
      sendJson(response, 200, { ok: true, ignored: true });
      return;
    }
    // Alerts fail open: when the dedupe read fails, check anyway (the check itself is idempotent).
    const seen = deliveryId
      ? await deps.store.getMarker(`delivery:${deliveryId}`).catch(() => undefined)
      : undefined;
    if (seen !== undefined) {
      deps.count(event, 'duplicate');
      sendJson(response, 200, { ok: true, duplicate: true });
      return;
    }
    deps.count(event, 'accepted');
    sendJson(response, 202, { ok: true, checking: sources.length });
    deps.track(
      process(deps, deliveryId, sources).catch((error: unknown) => {
        deps.log.warn({ err: error, delivery: deliveryId }, 'Webhook follow-up failed');
      }),
    );
  };
}
