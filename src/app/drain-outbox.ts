import { randomUUID } from 'node:crypto';
import type { OnCall } from '../domain/oncall.js';
import { watchKey } from '../domain/types.js';
import { archiveIncidentChannel } from './archive-incident-channels.js';
import { deliverPage, updateDms } from './deliver-page.js';
import { openIncidentChannel } from './open-incident-channel.js';
import type { Chat, Clock, IncidentChannels, IncidentPresenter, Log, PostedMessage, Store } from './ports.js';
import { postDigest } from './post-digest.js';
import { showIncident } from './post-root.js';
import { updateDoc } from './update-doc.js';
import {
  EMPTY_WATCH_DOC,
  findSlot,
  type IncidentSlot,
  type OutboxItem,
  prune,
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
  /** Who escalation steps' `oncall` targets reach; absent, nobody is on call. */
  readonly oncall?: OnCall;
  /** Incidents' own channels (repos with `incidentChannels`); absent, that work is dropped. */
  readonly channels?: IncidentChannels;
  /** The outbox lease's length (default DRAIN_LEASE_MS); tests shorten it. */
  readonly outboxLeaseMs?: number;
}

export interface DrainResult {
  readonly delivered: number;
  /** Work left for a later look because Slack failed; it stays in the store. */
  readonly pending: number;
  readonly failed: boolean;
}

/**
 * How long the outbox lease lasts unless renewed. One Slack call can take ~40 s with its 429
 * retries, so the holder renews it every third of this while it works (see holdLease), and a
 * replica that died lets go within a minute.
 */
export const DRAIN_LEASE_MS = 60_000;
/** Enough for any backlog one watch can build up; the rest waits for the next look. */
const MAX_ITEMS_PER_DRAIN = 50;
/** Times a drain takes the lease again for work queued while it held it (see drainOutbox). */
const MAX_LEASES_PER_DRAIN = 3;

type Step = {
  readonly done: OutboxItem | undefined;
  readonly message?: PostedMessage;
  /** The fix task's thread message, when this step posted it. */
  readonly taskMessage?: PostedMessage;
  /** Escalation DMs this step sent. */
  readonly dms?: readonly PostedMessage[];
  readonly incidentId: string;
};

/** Posts the incident's fix task in its thread, or updates the message posted before. */
async function showTask(
  deps: DrainDeps,
  slot: IncidentSlot,
  root: PostedMessage,
): Promise<PostedMessage | undefined> {
  if (slot.task === undefined) return undefined;
  const view = deps.presenter.task(slot.task, slot.incident, deps.clock.now());
  if (slot.taskMessage) {
    await deps.chat.update({ channel: slot.taskMessage.channel, ts: slot.taskMessage.ts, ...view });
    return undefined;
  }
  return deps.chat.post({ channel: root.channel, threadTs: root.ts, ...view });
}

/** Keeps the incident's summary in its own channel (when it has one) as its message shows it. */
async function showSummary(deps: DrainDeps, slot: IncidentSlot): Promise<void> {
  const summary = slot.incidentChannel?.summary;
  if (summary === undefined || slot.incidentChannel?.archived) return;
  const view = deps.presenter.incident(slot.incident, deps.clock.now(), slot.task);
  // Never holds back the incident message: a channel archived by hand, or Slack failing, only
  // leaves the summary as it was until the next update.
  await deps.chat.update({ channel: summary.channel, ts: summary.ts, ...view }).catch((error: unknown) => {
    deps.log.warn({ err: error, incident: slot.incident.id }, 'Incident channel summary not updated');
  });
}

function noChannels(deps: DrainDeps, item: OutboxItem): void {
  deps.log.warn(
    { incident: item.incidentId, kind: item.kind },
    'Incident channel work dropped: no channel access',
  );
}

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
  if (item.kind === 'digest') {
    // The channel's digest, not the incident's thread: a quiet incident has no message.
    await postDigest(deps, target.channel, item, slot.message);
    return { done: item, incidentId: item.incidentId };
  }
  if (item.kind === 'render') {
    const message = await showIncident(deps, target, doc, item.incidentId);
    await showSummary(deps, slot);
    return { done: item, incidentId: item.incidentId, ...(message ? { message } : {}) };
  }
  if (item.kind === 'archive') {
    if (deps.channels) await archiveIncidentChannel({ ...deps, channels: deps.channels }, target, slot);
    else noChannels(deps, item);
    return { done: item, incidentId: item.incidentId };
  }
  if (slot.message === undefined) {
    const message = await showIncident(deps, target, doc, item.incidentId);
    return { done: undefined, incidentId: item.incidentId, ...(message ? { message } : {}) };
  }
  if (item.kind === 'task') {
    const taskMessage = await showTask(deps, slot, slot.message);
    // The incident message says where its fix task stands (its header: "fix under way").
    await showIncident(deps, target, doc, item.incidentId);
    return { done: item, incidentId: item.incidentId, ...(taskMessage ? { taskMessage } : {}) };
  }
  if (item.kind === 'page') {
    const dms = await deliverPage(deps, slot, slot.message, item);
    return { done: item, incidentId: item.incidentId, dms };
  }
  if (item.kind === 'dms') {
    await updateDms(deps, slot, slot.message);
    return { done: item, incidentId: item.incidentId };
  }
  if (item.kind === 'channel') {
    if (deps.channels)
      await openIncidentChannel({ ...deps, channels: deps.channels }, target, slot, slot.message);
    else noChannels(deps, item);
    return { done: item, incidentId: item.incidentId };
  }
  await deps.chat.post({
    channel: slot.message.channel,
    threadTs: slot.message.ts,
    text: deps.presenter.note(item.note, slot.incident),
  });
  return { done: item, incidentId: item.incidentId };
}

function record(doc: WatchDoc, step: Step): WatchDoc {
  const { done, message, taskMessage, dms, incidentId } = step;
  let next = done ? { ...doc, outbox: doc.outbox.filter((queued) => queued.id !== done.id) } : doc;
  const slot = findSlot(next, incidentId);
  if (message && slot && !slot.message) next = withSlot(next, incidentId, { ...slot, message });
  const withRoot = findSlot(next, incidentId);
  if (taskMessage && withRoot && !withRoot.taskMessage)
    next = withSlot(next, incidentId, { ...withRoot, taskMessage });
  const paged = findSlot(next, incidentId);
  if (dms?.length && paged)
    next = withSlot(next, incidentId, { ...paged, dms: [...(paged.dms ?? []), ...dms] });
  return prune(next);
}

interface Lease {
  /** False once the lease was lost (expired, or taken over): no further Slack write may start. */
  held(): boolean;
  release(): Promise<void>;
}

/**
 * Takes the watch's outbox lease and keeps renewing it while the holder works, so a slow Slack
 * call never lets a second replica deliver the same work. Undefined when another holder has it.
 */
async function holdLease(deps: DrainDeps, key: string): Promise<Lease | undefined> {
  const owner = randomUUID();
  const leaseMs = deps.outboxLeaseMs ?? DRAIN_LEASE_MS;
  if (!(await deps.store.setIfAbsent(key, owner, leaseMs))) return undefined;
  let held = true;
  const renew = async () => {
    const kept = await deps.store.renewMarker(key, owner, leaseMs).catch(() => false);
    if (!kept && held) {
      held = false;
      deps.log.warn({ lease: key }, 'Outbox lease lost; delivery stops after the call under way');
    }
  };
  const timer = setInterval(() => void renew(), Math.floor(leaseMs / 3));
  timer.unref();
  return {
    held: () => held,
    async release() {
      clearInterval(timer);
      held = false;
      await deps.store.releaseMarker(key, owner).catch((error: unknown) => {
        deps.log.warn({ err: error }, 'Outbox lease could not be released; it expires by itself');
      });
    },
  };
}

/** Delivers owed work under one lease, oldest first, until done, a failure, or the lease is lost. */
async function deliver(deps: DrainDeps, target: WatchTarget, lease: Lease): Promise<DrainResult> {
  const key = watchDocKey(target.watch);
  let delivered = 0;
  for (let round = 0; round < MAX_ITEMS_PER_DRAIN; round += 1) {
    const doc = (await deps.store.get<WatchDoc>(key))?.value ?? EMPTY_WATCH_DOC;
    const item = doc.outbox[0];
    if (item === undefined) return { delivered, pending: 0, failed: false };
    // Fenced: a holder whose lease lapsed starts no Slack write (another holder may be at it).
    if (!lease.held()) return { delivered, pending: doc.outbox.length, failed: false };
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
}

/**
 * Delivers the Slack work owed for a watch, oldest first, recording each piece as done with
 * compare-and-set right after Slack accepted it. A Slack failure stops the delivery and leaves
 * the rest in the store for the next look: nothing is lost, and the lease keeps two replicas
 * from delivering the same work at once.
 *
 * No lost wake-up: a caller that finds the lease taken has already recorded its work, and the
 * holder looks at the outbox again after letting the lease go, so work queued while it held the
 * lease is delivered by it within moments rather than at the next cron slot.
 */
export async function drainOutbox(deps: DrainDeps, target: WatchTarget): Promise<DrainResult> {
  const leaseKey = `lease:outbox:${watchKey(target.watch)}`;
  const docKey = watchDocKey(target.watch);
  let delivered = 0;
  let result: DrainResult = { delivered: 0, pending: 0, failed: false };
  for (let turn = 0; turn < MAX_LEASES_PER_DRAIN; turn += 1) {
    const lease = await holdLease(deps, leaseKey);
    if (lease === undefined) break;
    try {
      result = await deliver(deps, target, lease);
    } finally {
      await lease.release();
    }
    delivered += result.delivered;
    if (result.failed || result.pending > 0) break;
    const owed = (await deps.store.get<WatchDoc>(docKey))?.value.outbox.length ?? 0;
    if (owed === 0) break;
  }
  return { ...result, delivered };
}
