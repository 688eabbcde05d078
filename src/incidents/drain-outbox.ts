import type { WatchTarget } from '../ci/index.js';
import {
  EMPTY_WATCH_DOC,
  findSlot,
  type OutboxItem,
  prune,
  type WatchDoc,
  watchDocKey,
  withSlot,
} from '../ci/index.js';
import { type DeliveryRefusedError, isDeliveryRefused } from '../core/delivery-refused.js';
import { watchKey } from '../core/domain/types.js';
import { tellRefusal } from '../core/tell-refusal.js';
import { updateDoc } from '../core/update-doc.js';
import type { DrainResult } from './domain/drain-result.js';
import type { DrainDeps } from './drain-deps.js';
import { holdLease, type Lease } from './outbox-lease.js';
import { performItem } from './perform-item.js';
import { setAsideItem } from './set-aside.js';
import type { Step } from './step.js';

export type { DrainDeps, DrainResult };

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
/**
 * The store's due-time queue of watches whose outbox is owed a drain that nobody is sure to make
 * (members are watch keys): see `oweDrain` and drain-owed.ts.
 */
export const OWED_DRAINS = 'outbox-owed';
/** After a Slack failure, the owed drain is tried again this long after, not at the next look. */
const RETRY_FAILED_MS = 30_000;
/**
 * While another holds the lease, the owed drain is tried again every lease / this (10 s): a live
 * holder lets go within moments, a dead one's lease runs out up to a lease after its last renewal,
 * which is not known here; each try costs one claim and one set-if-absent.
 */
const TRIES_PER_LEASE = 6;

/** Records one item done: the messages it made, and any items that take its place. */
function record(doc: WatchDoc, step: Step): WatchDoc {
  const { done, message, taskMessage, dms, expand, incidentId } = step;
  let next = doc;
  if (done) {
    const at = doc.outbox.findIndex((queued) => queued.id === done.id);
    let nextOutboxId = doc.nextOutboxId;
    const added: OutboxItem[] = (at < 0 ? [] : (expand ?? [])).map((work) => {
      nextOutboxId += 1;
      return { ...work, id: nextOutboxId - 1, incidentId };
    });
    const outbox = at < 0 ? doc.outbox : [...doc.outbox.slice(0, at), ...added, ...doc.outbox.slice(at + 1)];
    next = { ...doc, outbox, nextOutboxId };
  }
  const slot = findSlot(next, incidentId);
  if (message && slot && !slot.message) {
    const { replacesDeleted: _done, mayBePostedSince: _looked, ...rest } = slot;
    next = withSlot(next, incidentId, { ...rest, message });
  }
  const withRoot = findSlot(next, incidentId);
  if (taskMessage && withRoot && !withRoot.taskMessage)
    next = withSlot(next, incidentId, { ...withRoot, taskMessage });
  const paged = findSlot(next, incidentId);
  if (dms?.length && paged)
    next = withSlot(next, incidentId, { ...paged, dms: [...(paged.dms ?? []), ...dms] });
  const attempted = findSlot(next, incidentId);
  if (done && attempted?.sendAttempts?.some((attempt) => attempt.item === done.id)) {
    const { sendAttempts, ...rest } = attempted;
    const left = sendAttempts.filter((attempt) => attempt.item !== done.id);
    next = withSlot(next, incidentId, left.length > 0 ? { ...rest, sendAttempts: left } : rest);
  }
  return prune(next);
}

/**
 * Slack refused `item` for good: it is kept aside with the reason (never retried), counted, and
 * the admins are told once per cause; the items behind it go on.
 */
async function setAside(
  deps: DrainDeps,
  target: WatchTarget,
  item: OutboxItem,
  refused: DeliveryRefusedError,
): Promise<void> {
  const { method, code, channel } = refused;
  deps.log.warn(
    { watch: target.watch, kind: item.kind, incident: item.incidentId, method, code, channel },
    'Slack refused a delivery for good; set aside',
  );
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (current) =>
    setAsideItem(current, item, refused, deps.clock.now()),
  );
  deps.telemetry?.slackSetAside(method, code);
  await tellRefusal(deps, refused);
}

/** Delivers owed work under one lease, oldest first, until done, a failure, or the lease is lost. */
async function deliver(deps: DrainDeps, target: WatchTarget, lease: Lease): Promise<DrainResult> {
  const key = watchDocKey(target.watch);
  let delivered = 0;
  let setAsideCount = 0;
  const counts = () => ({ delivered, ...(setAsideCount > 0 ? { setAside: setAsideCount } : {}) });
  for (let round = 0; round < MAX_ITEMS_PER_DRAIN; round += 1) {
    const doc = (await deps.store.get<WatchDoc>(key))?.value ?? EMPTY_WATCH_DOC;
    const item = doc.outbox[0];
    if (item === undefined) return { ...counts(), pending: 0, failed: false };
    // Fenced: a holder whose lease lapsed starts no Slack write (another holder may be at it), nor
    // does a process that is stopping (the rest is owed to another at once; see drainOutbox).
    if (!lease.held() || deps.stopping?.()) return { ...counts(), pending: doc.outbox.length, failed: false };
    let step: Step;
    try {
      step = await performItem(deps, target, doc, item);
    } catch (error) {
      if (isDeliveryRefused(error)) {
        await setAside(deps, target, item, error);
        setAsideCount += 1;
        continue;
      }
      deps.log.warn(
        { err: error, watch: target.watch, kind: item.kind },
        'Slack delivery failed; will retry',
      );
      return { ...counts(), pending: doc.outbox.length, failed: true };
    }
    await updateDoc(deps.store, key, EMPTY_WATCH_DOC, (current) => record(current, step));
    if (step.done) delivered += 1;
  }
  const left = (await deps.store.get<WatchDoc>(key))?.value.outbox.length ?? 0;
  return { ...counts(), pending: left, failed: false };
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
  const key = watchKey(target.watch);
  const leaseKey = `lease:outbox:${key}`;
  const docKey = watchDocKey(target.watch);
  const leaseMs = deps.outboxLeaseMs ?? DRAIN_LEASE_MS;
  let delivered = 0;
  let setAsideTotal = 0;
  let result: DrainResult = { delivered: 0, pending: 0, failed: false };
  // When the outbox is owed a drain nobody is sure to make, and how soon (see oweDrain).
  let owedInMs: number | undefined;
  for (let turn = 0; turn < MAX_LEASES_PER_DRAIN; turn += 1) {
    if (deps.stopping?.()) {
      // Whatever was recorded is delivered by whoever claims the owed drain.
      const left = (await deps.store.get<WatchDoc>(docKey))?.value.outbox.length ?? 0;
      if (left > 0) owedInMs = 0;
      result = { ...result, pending: left };
      break;
    }
    const lease = await holdLease(deps, leaseKey, leaseMs);
    if (lease === undefined) {
      // The holder delivers it, unless it dies holding the lease: owed until the lease runs out.
      owedInMs = Math.ceil(leaseMs / TRIES_PER_LEASE);
      break;
    }
    try {
      result = await deliver(deps, target, lease);
    } finally {
      await lease.release();
    }
    delivered += result.delivered;
    setAsideTotal += result.setAside ?? 0;
    if (result.failed || result.pending > 0) {
      owedInMs = result.failed ? RETRY_FAILED_MS : 0;
      break;
    }
    const owed = (await deps.store.get<WatchDoc>(docKey))?.value.outbox.length ?? 0;
    if (owed === 0) break;
    // More was queued than this drain takes: the owed-drain tick goes on with it.
    if (turn === MAX_LEASES_PER_DRAIN - 1) owedInMs = 0;
  }
  if (owedInMs !== undefined) await oweDrain(deps, key, owedInMs);
  const { setAside: _last, owed: _before, ...rest } = result;
  return {
    ...rest,
    delivered,
    ...(setAsideTotal > 0 ? { setAside: setAsideTotal } : {}),
    ...(owedInMs === undefined ? {} : { owed: true }),
  };
}

/**
 * Records that the watch's outbox is owed a drain `inMs` from now, which the owed-drain tick
 * (drain-owed.ts) makes on whichever replica claims it. Without it, work that a replica recorded
 * and then could not deliver (it died holding the lease, Slack failed, more was queued than one
 * drain takes) would wait for the watch's next look, up to the 15-minute polling floor when
 * webhooks speak for it. A store that cannot be written leaves that next look as the way out.
 */
async function oweDrain(deps: DrainDeps, key: string, inMs: number): Promise<void> {
  await deps.store.schedule(OWED_DRAINS, key, deps.clock.now() + inMs).catch((error: unknown) => {
    deps.log.warn({ err: error }, 'Owed Slack work could not be scheduled; the next look delivers it');
  });
}
