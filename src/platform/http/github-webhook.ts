import type { IncomingMessage, ServerResponse } from 'node:http';
import { receiveWebhook } from '../../ci/receive-webhook.js';
import type { WatchTargetSource } from '../../ci/run-cycle.js';
import type { Log, Store } from '../../core/ports.js';
import { verifyWebhook } from '../github/verify-webhook.js';
import type { Ingress } from './create-ingress.js';
import { refuse } from './refuse.js';
import { sendJson } from './send.js';

/** Nothing is read from a delivery without it. */
const SIGNATURE_HEADERS = ['x-hub-signature-256'] as const;

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
  /** A completed workflow_run of the watch arrived (see WebhookSourceDeps.heard). */
  readonly heard?: (source: WatchTargetSource) => void;
}

/**
 * POST /webhooks/github: refuses, unread, a delivery without X-Hub-Signature-256 or over the
 * ingress limits; verifies the signature over the bytes read; parses it and hands it to
 * receiveWebhook (ci/receive-webhook.ts), which decides what it asks; answers at once, and lets
 * the checks follow.
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
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      sendJson(response, 400, { error: 'body is not JSON' });
      return;
    }
    const outcome = await receiveWebhook(deps, { event, delivery: deliveryId, payload });
    if (outcome.kind === 'ignored') {
      deps.count(event, 'ignored');
      sendJson(response, 200, { ok: true, ignored: true });
      return;
    }
    if (outcome.kind === 'duplicate') {
      deps.count(event, 'duplicate');
      sendJson(response, 200, { ok: true, duplicate: true });
      return;
    }
    deps.count(event, 'accepted');
    sendJson(response, 202, { ok: true, checking: outcome.checking });
    // Counted again once followed: `recorded` (checks done, delivery marked seen) or `check_failed`.
    deps.track(
      outcome.follow().then(
        (recorded) => deps.count(event, recorded ? 'recorded' : 'check_failed'),
        (error: unknown) => {
          deps.count(event, 'check_failed');
          deps.log.warn({ err: error, delivery: deliveryId }, 'Webhook follow-up failed');
        },
      ),
    );
  };
}
