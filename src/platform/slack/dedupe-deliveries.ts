import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Log, Store } from '../../core/ports.js';
import { type DeliveryClaims, inProcessDeliveryClaims, storeDeliveryClaims } from './delivery-claims.js';

export interface DeliveryDedupeDeps {
  readonly store: Store;
  readonly log: Log;
  /**
   * Where the short claim on a delivery being handled is held. `store` (the default) shares it
   * with every replica on the store (Redis). `in-process` keeps it in this process's memory, for a
   * store no other process can open (the embedded store, whose data dir is locked): the same
   * guarantee without a store call before a first command's or interaction's ack (see
   * delivery-claims.ts). Events always use the store's. The "done" mark is in the store either way.
   */
  readonly deliveryClaims?: 'store' | 'in-process';
  /**
   * Keeps the done mark written after a handling until it settles, so that stopping waits for it
   * (core/track-work.ts). The delivery itself does not wait for it.
   */
  readonly track?: (work: Promise<unknown>) => void;
}

const EVENT_KEY = 'slack-event:';

/**
 * What stays the same when Slack sends one delivery again: an event's `event_id`; for a slash
 * command or an interaction, which carry no event ID, the `trigger_id` Slack mints for each one
 * (a second click or command gets a new one, and is answered). A modal's submission (view_submission)
 * carries a trigger_id of its own too: each press of Submit is a new one, while a repeat of the same
 * submission is acknowledged empty, which closes the form it came from.
 */
function deliveryKey(body: unknown): string | undefined {
  const { event_id: eventId, trigger_id: triggerId } = body as { event_id?: unknown; trigger_id?: unknown };
  if (typeof eventId === 'string' && eventId !== '') return `${EVENT_KEY}${eventId}`;
  if (typeof triggerId === 'string' && triggerId !== '') return `slack-trigger:${triggerId}`;
  return undefined;
}

/**
 * A channel message that is not a person's thread reply: every listener drops it, so it needs no
 * claim in the store (a busy channel's chatter costs no write).
 */
function droppedChannelMessage(body: unknown): boolean {
  const { event } = body as { event?: Record<string, unknown> };
  if (event?.type !== 'message' || event.channel_type === 'im') return false;
  return event.thread_ts === undefined || event.subtype !== undefined || event.bot_id !== undefined;
}

function isStoreDown(error: unknown): boolean {
  return error instanceof Error && error.name === 'StoreUnavailableError';
}

/**
 * Handles each Slack delivery once. Slack sends one again when it did not see the ack (over HTTP
 * with X-Slack-Retry-Num, in Socket Mode as a new envelope with retry_attempt > 0, possibly to
 * another replica): the repeat is acknowledged and not handled. A short claim keeps a repeat off
 * while the first is being handled; the "done" mark is looked for once the claim is held (whoever
 * finished wrote it before releasing theirs) and written only after the handling succeeded, so a
 * crash or a failure in between leaves Slack's retry answerable. The ack waits for one claim and
 * one read at most (none for a first command or click with the embedded store); the write after
 * the handling holds neither the ack nor the request (`markDone`). Alerts fail open: without a
 * store, the delivery is handled anyway.
 */
export function dedupeDeliveries(
  app: { use(middleware: Middleware<AnyMiddlewareArgs>): unknown },
  deps: DeliveryDedupeDeps,
): void {
  const inStore = storeDeliveryClaims(deps.store);
  const fast = deps.deliveryClaims === 'in-process' ? inProcessDeliveryClaims(deps.store) : inStore;
  app.use(async (args) => {
    const key = deliveryKey(args.body);
    if (key === undefined || droppedChannelMessage(args.body)) return args.next();
    // Bolt acks an event before any middleware, so its claim costs no ack time: events (the only
    // deliveries Slack retries) keep the store's claims. Commands and interactions wait for their
    // listener's ack, and take the fast claims.
    const claims = key.startsWith(EVENT_KEY) ? inStore : fast;
    const owner = randomUUID();
    let by: string | undefined;
    let claimed = false;
    try {
      claimed = await claims.take(key, owner);
      // Unclaimed: another handler of this delivery holds the claim.
      by = claimed ? await claims.done(key, (args.context.retryNum ?? 0) > 0) : 'claim';
    } catch (error) {
      if (!isStoreDown(error)) {
        if (claimed) await claims.release(key, owner);
        throw error;
      }
      deps.log.warn(
        { err: error, key },
        'Slack delivery could not be checked for repeats; handling it anyway',
      );
    }
    if (by !== undefined) {
      if (claimed) await claims.release(key, owner);
      deps.log.info({ key, retry: args.context.retryNum }, 'Slack delivery already handled; skipped');
      // Events are acknowledged by Bolt before any middleware; commands and actions are not yet.
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      return;
    }
    try {
      await args.next();
    } catch (error) {
      if (claimed) await claims.release(key, owner);
      throw error;
    }
    // The claim keeps a repeat off until the mark is written; the delivery does not wait for it.
    const marking = markDone(claims, key, owner, claimed, deps.log);
    deps.track?.(marking);
  });
}

/**
 * Marks a handled delivery done, then lets its claim go. Apart from the request: the mark's write
 * is batched (DONE_BATCH_MS and a durable write, delivery-claims.ts), and a request waiting on it
 * keeps its parsed body and Bolt's context alive through young-generation collections, to be
 * promoted and collected later at a cost (about a third of a warm click's CPU in the ack bench).
 * A mark that could not be written is logged: a retry of that delivery would be handled again.
 */
async function markDone(
  claims: DeliveryClaims,
  key: string,
  owner: string,
  claimed: boolean,
  log: Log,
): Promise<void> {
  try {
    await claims.finish(key, owner);
  } catch (error) {
    log.warn(
      { err: error, key },
      'Slack delivery handled but not marked done; a retry of it would be handled again',
    );
  } finally {
    if (claimed) await claims.release(key, owner);
  }
}
