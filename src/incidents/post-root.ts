import type { IncidentSlot, WatchTarget } from '../ci/index.js';
import {
  EMPTY_WATCH_DOC,
  findSlot,
  type WatchDoc,
  watchDocKey,
  watchKeyOfIncident,
  withSlot,
} from '../ci/index.js';
import { isDeliveryRefused } from '../core/delivery-refused.js';
import type { PostedMessage } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import type { DrainDeps } from './drain-deps.js';
import { doneWith, type ItemOf, type Performing, type Step } from './step.js';

/**
 * How far before a recorded attempt Slack's history is searched for the message it may have made
 * (room for Slack's clock and ours to disagree).
 */
export const HISTORY_SLACK_MS = 60_000;
/**
 * How far before the episode's first red run was created (GitHub's clock) its message may carry a
 * Slack ts (Slack's clock): room for the two clocks to disagree, far less than any real episode
 * gap, so an earlier episode's message is never taken for this one's.
 */
const CLOCK_SKEW_MS = 5_000;

/**
 * Finds the message an earlier attempt posted but could not record (the process died between
 * Slack's answer and the store write). Fails open: when history cannot be read, post again.
 */
async function earlierIncidentPost(
  deps: DrainDeps,
  channel: string,
  incidentId: string,
  search: { readonly attemptedAt: number } | { readonly since: number },
) {
  try {
    if ('attemptedAt' in search)
      return await deps.chat.findIncidentMessage(channel, incidentId, search.attemptedAt - HISTORY_SLACK_MS);
    // Lost memory: the episode's number may differ from the one the message was tagged with,
    // so any incident message of this watch posted since the episode's first red run will do.
    const watch = watchKeyOfIncident(incidentId);
    return await deps.chat.findIncidentMessage(
      channel,
      (tagged) => watchKeyOfIncident(tagged) === watch,
      search.since - CLOCK_SKEW_MS,
    );
  } catch (error) {
    deps.log.warn(
      { err: error, incident: incidentId },
      'Slack history unreadable; posting the incident again',
    );
    return undefined;
  }
}

/**
 * Slack said the incident's message is gone (someone deleted it): forgets it, so it is posted
 * afresh, saying it replaces a deleted message. Recorded before the post, as any post attempt is,
 * so a retry after a crash finds the new message instead of posting a third.
 */
async function forgetDeleted(deps: DrainDeps, target: WatchTarget, id: string, deleted: PostedMessage) {
  deps.log.warn(
    { incident: id, channel: deleted.channel },
    'Incident message was deleted; posting it afresh',
  );
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (current) => {
    const now = findSlot(current, id);
    if (now?.message?.ts !== deleted.ts) return undefined;
    const { message: _deleted, postAttemptedAt: _attempted, ...rest } = now;
    return withSlot(current, id, { ...rest, replacesDeleted: true });
  });
}

/**
 * Shows incident `id` in Slack: updates its message in place when it has one; otherwise posts it,
 * tagged with the incident ID in the message metadata. The attempt is recorded first, so a retry
 * after a crash looks for that message instead of posting a second one; an incident opened with no
 * memory of its watch (`mayBePostedSince`) looks for its watch's message the same way first. A message Slack says
 * was deleted (`message_not_found`) is posted afresh. Answers a new message.
 */
export async function showIncident(
  deps: DrainDeps,
  target: WatchTarget,
  doc: WatchDoc,
  id: string,
): Promise<PostedMessage | undefined> {
  const held = findSlot(doc, id);
  if (held === undefined) throw new Error(`incident ${id} is not in its watch document`);
  let slot = held;
  const view = deps.presenter.incident(slot.incident, deps.clock.now(), slot.task);
  if (slot.message) {
    try {
      await deps.chat.update({ channel: slot.message.channel, ts: slot.message.ts, ...view });
      return undefined;
    } catch (error) {
      if (!isDeliveryRefused(error) || error.code !== 'message_not_found') throw error;
      await forgetDeleted(deps, target, id, slot.message);
      const { message: _deleted, postAttemptedAt: _attempted, ...rest } = slot;
      slot = { ...rest, replacesDeleted: true };
    }
  }
  const search =
    slot.postAttemptedAt !== undefined
      ? { attemptedAt: slot.postAttemptedAt }
      : slot.mayBePostedSince !== undefined && !slot.replacesDeleted
        ? { since: slot.mayBePostedSince }
        : undefined;
  if (search !== undefined) {
    const found = await earlierIncidentPost(deps, target.channel, id, search);
    if (found) {
      deps.log.info({ incident: id }, 'Found the incident message an earlier attempt posted');
      await deps.chat.update({ channel: found.channel, ts: found.ts, ...view });
      return found;
    }
  }
  const attemptedAt = deps.clock.now();
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (current) => {
    const now = findSlot(current, id);
    return now && !now.message ? withSlot(current, id, { ...now, postAttemptedAt: attemptedAt }) : undefined;
  });
  const shown = slot.replacesDeleted ? deps.presenter.replacement(view) : view;
  return deps.chat.post({ channel: target.channel, ...shown, incidentId: id });
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

/** The `render` item: the incident's message as it stands now, and its channel's summary with it. */
export async function performRender({
  deps,
  target,
  doc,
  slot,
  item,
}: Performing<ItemOf<'render'>>): Promise<Step> {
  const message = await showIncident(deps, target, doc, item.incidentId);
  await showSummary(deps, slot);
  return { ...doneWith(item), ...(message ? { message } : {}) };
}
