import type { Log, Store } from '../core/ports.js';
import type { WatchTargetSource } from './run-cycle.js';
import { type WebhookSourceDeps, webhookSources } from './webhook-sources.js';

/** Long enough to cover GitHub's manual redelivery window. */
const DELIVERY_TTL_MS = 3 * 24 * 60 * 60 * 1000;

export interface ReceiveWebhookDeps extends WebhookSourceDeps {
  readonly store: Store;
  readonly log: Log;
  /** Checks one watch the way the cron cycle does; resolves false when the check failed. */
  readonly check: (source: WatchTargetSource) => Promise<boolean>;
}

/** A verified GitHub delivery, parsed. */
export interface Webhook {
  readonly event: string;
  readonly delivery: string | undefined;
  readonly payload: unknown;
}

export type WebhookOutcome =
  | { readonly kind: 'ignored' }
  | { readonly kind: 'duplicate' }
  /**
   * Answer first, then `follow()`: the checks, and the delivery marked seen once they are recorded.
   * It answers whether every check was recorded (false: a check failed; a redelivery checks again).
   */
  | { readonly kind: 'accepted'; readonly checking: number; readonly follow: () => Promise<boolean> };

async function follow(
  deps: ReceiveWebhookDeps,
  delivery: string | undefined,
  sources: WatchTargetSource[],
): Promise<boolean> {
  const results = await Promise.all(sources.map((source) => deps.check(source)));
  if (!results.every(Boolean)) return false;
  if (delivery !== undefined) await deps.store.setIfAbsent(`delivery:${delivery}`, '1', DELIVERY_TTL_MS);
  return true;
}

/**
 * What a verified delivery asks of Overseer: the watches it concerns (a completed workflow_run,
 * news of a fix's pull request), none when it was handled before. A delivery ID is marked seen
 * only after its checks were recorded, so a failed check can be redelivered.
 */
export async function receiveWebhook(deps: ReceiveWebhookDeps, hook: Webhook): Promise<WebhookOutcome> {
  const sources = await webhookSources(deps, hook.event, hook.payload);
  if (sources.length === 0) return { kind: 'ignored' };
  // Alerts fail open: when the dedupe read fails, check anyway (the check itself is idempotent).
  const seen = hook.delivery
    ? await deps.store.getMarker(`delivery:${hook.delivery}`).catch(() => undefined)
    : undefined;
  if (seen !== undefined) return { kind: 'duplicate' };
  return { kind: 'accepted', checking: sources.length, follow: () => follow(deps, hook.delivery, sources) };
}
