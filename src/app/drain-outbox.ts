import { randomUUID } from 'node:crypto';
import { watchKey } from '../domain/types.js';
import type { Chat, Clock, IncidentPresenter, Log, PostedMessage, Store } from './ports.js';
import { showIncident } from './post-root.js';
import { updateDoc } from './update-doc.js';
import {
  EMPTY_WATCH_DOC,
  findSlot,
  type OutboxItem,
  type WatchDoc,
  watchDocKey,
  withSlot,
} from './watch-doc.js';
import type { WatchTarget } from './watch-target.js';

export interface DrainDeps {
  readonly store: Store;
  readonly chat: Chat;
  readonly presenter: IncidentPresenter;
  readonly clock: Clock;
  readonly log: Log;
}

export interface DrainResult {
  readonly delivered: number;
  /** Work left for a later look because Slack failed; it stays in the store. */
  readonly pending: number;
  readonly failed: boolean;
}

/** Longer than any one delivery can take: Slack calls time out well before. */
const DRAIN_LEASE_MS = 60_000;
/** Enough for any backlog one watch can build up; the rest waits for the next look. */
const MAX_ITEMS_PER_DRAIN = 50;

type Step = {
  readonly done: OutboxItem | undefined;
  readonly message?: PostedMessage;
  readonly incidentId: string;
};

/** Carries out one item: a render posts or updates; a note needs the top message first. */
async function perform(deps: DrainDeps, target: WatchTarget, doc: WatchDoc, item: OutboxItem): Promise<Step> {
  const slot = findSlot(doc, item.incidentId);
  if (slot === undefined) {
    deps.log.warn(
      { incident: item.incidentId, kind: item.kind },
      'Dropping Slack work for a forgotten incident',
    );
    return { done: item, incidentId: item.incidentId };
  }
  if (item.kind === 'render') {
    const message = await showIncident(deps, target, doc, item.incidentId);
    return { done: item, incidentId: item.incidentId, ...(message ? { message } : {}) };
  }
  if (slot.message === undefined) {
    const message = await showIncident(deps, target, doc, item.incidentId);
    return { done: undefined, incidentId: item.incidentId, ...(message ? { message } : {}) };
  }
  await deps.chat.post({
    channel: slot.message.channel,
    threadTs: slot.message.ts,
    text: deps.presenter.note(item.note, slot.incident),
  });
  return { done: item, incidentId: item.incidentId };
}

function record(doc: WatchDoc, step: Step): WatchDoc {
  const { done, message, incidentId } = step;
  let next = done ? { ...doc, outbox: doc.outbox.filter((queued) => queued.id !== done.id) } : doc;
  const slot = findSlot(next, incidentId);
  if (message && slot && !slot.message) next = withSlot(next, incidentId, { ...slot, message });
  return next;
}

/**
 * Delivers the Slack work owed for a watch, oldest first, recording each piece as done with
 * compare-and-set right after Slack accepted it. A Slack failure stops the delivery and leaves
 * the rest in the store for the next look: nothing is lost, and the lease keeps two replicas
 * from delivering the same work at once.
 */
export async function drainOutbox(deps: DrainDeps, target: WatchTarget): Promise<DrainResult> {
  const key = watchDocKey(target.watch);
  const lease = `lease:outbox:${watchKey(target.watch)}`;
  const owner = randomUUID();
  if (!(await deps.store.setIfAbsent(lease, owner, DRAIN_LEASE_MS)))
    return { delivered: 0, pending: 0, failed: false };
  let delivered = 0;
  try {
    for (let round = 0; round < MAX_ITEMS_PER_DRAIN; round += 1) {
      const doc = (await deps.store.get<WatchDoc>(key))?.value ?? EMPTY_WATCH_DOC;
      const item = doc.outbox[0];
      if (item === undefined) return { delivered, pending: 0, failed: false };
      let step: Step;
      try {
        step = await perform(deps, target, doc, item);
      } catch (error) {
        deps.log.warn(
          { err: error, watch: target.watch, kind: item.kind },
          'Slack delivery failed; will retry',
        );
        return { delivered, pending: doc.outbox.length, failed: true };
      }
      await updateDoc(deps.store, key, EMPTY_WATCH_DOC, (current) => record(current, step));
      if (step.done) delivered += 1;
    }
    const left = (await deps.store.get<WatchDoc>(key))?.value.outbox.length ?? 0;
    return { delivered, pending: left, failed: false };
  } finally {
    await deps.store.releaseMarker(lease, owner).catch((error: unknown) => {
      deps.log.warn({ err: error }, 'Outbox lease could not be released; it expires by itself');
    });
  }
}
