import type { DrainDeps } from './drain-outbox.js';
import type { PostedMessage } from './ports.js';
import { updateDoc } from './update-doc.js';
import { EMPTY_WATCH_DOC, findSlot, type WatchDoc, watchDocKey, withSlot } from './watch-doc.js';
import type { WatchTarget } from './watch-target.js';

/** How far before a recorded attempt Slack's history is searched for the message it may have made. */
const HISTORY_SLACK_MS = 60_000;

/**
 * Finds the message an earlier attempt posted but could not record (the process died between
 * Slack's answer and the store write). Fails open: when history cannot be read, post again.
 */
async function earlierPost(deps: DrainDeps, channel: string, incidentId: string, attemptedAt: number) {
  try {
    return await deps.chat.findIncidentMessage(channel, incidentId, attemptedAt - HISTORY_SLACK_MS);
  } catch (error) {
    deps.log.warn(
      { err: error, incident: incidentId },
      'Slack history unreadable; posting the incident again',
    );
    return undefined;
  }
}

/**
 * Shows incident `id` in Slack: updates its message in place when it has one; otherwise posts it,
 * tagged with the incident ID in the message metadata. The attempt is recorded first, so a retry
 * after a crash looks for that message instead of posting a second one. Answers a new message.
 */
export async function showIncident(
  deps: DrainDeps,
  target: WatchTarget,
  doc: WatchDoc,
  id: string,
): Promise<PostedMessage | undefined> {
  const slot = findSlot(doc, id);
  if (slot === undefined) throw new Error(`incident ${id} is not in its watch document`);
  const view = deps.presenter.incident(slot.incident, deps.clock.now(), slot.task);
  if (slot.message) {
    await deps.chat.update({ channel: slot.message.channel, ts: slot.message.ts, ...view });
    return undefined;
  }
  if (slot.postAttemptedAt !== undefined) {
    const found = await earlierPost(deps, target.channel, id, slot.postAttemptedAt);
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
  return deps.chat.post({ channel: target.channel, ...view, incidentId: id });
}
