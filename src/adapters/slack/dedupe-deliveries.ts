import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Log, Store } from '../../app/ports.js';

export interface DeliveryDedupeDeps {
  readonly store: Store;
  readonly log: Log;
}

/** Slack retries within minutes (events: 3 times over ~5 min); an hour covers any retry. */
const DEDUPE_MS = 60 * 60_000;

/**
 * What stays the same when Slack sends one delivery again: an event's `event_id`; for a slash
 * command or an interaction, which carry no event ID, the `trigger_id` Slack mints for each one
 * (a second click or command gets a new one, and is answered).
 */
function deliveryKey(body: unknown): string | undefined {
  const { event_id: eventId, trigger_id: triggerId } = body as { event_id?: unknown; trigger_id?: unknown };
  if (typeof eventId === 'string' && eventId !== '') return `slack-event:${eventId}`;
  if (typeof triggerId === 'string' && triggerId !== '') return `slack-trigger:${triggerId}`;
  return undefined;
}

/**
 * Handles each Slack delivery once. Slack sends one again when it did not see the ack (over HTTP
 * with X-Slack-Retry-Num, in Socket Mode as a new envelope with retry_attempt > 0, possibly to
 * another replica): the repeat is acknowledged and not handled. The mark is claimed before the
 * work, so a repeat arriving while the first is still being handled is not handled too; work that
 * fails releases it, so a retry may do it. Alerts fail open: without a store, handle it anyway.
 */
export function dedupeDeliveries(app: App, deps: DeliveryDedupeDeps): void {
  app.use(async (args) => {
    const key = deliveryKey(args.body);
    if (key === undefined) return args.next();
    const claim = randomUUID();
    const first = await deps.store.setIfAbsent(key, claim, DEDUPE_MS).catch((error: unknown) => {
      deps.log.warn({ err: error, key }, 'Slack delivery could not be marked as handled; handling it anyway');
      return true;
    });
    if (!first) {
      deps.log.info({ key, retry: args.context.retryNum }, 'Slack delivery already handled; skipped');
      // Events are acknowledged by Bolt before any middleware; commands and actions are not yet.
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      return;
    }
    try {
      await args.next();
    } catch (error) {
      await deps.store.releaseMarker(key, claim).catch(() => false);
      throw error;
    }
  });
}
