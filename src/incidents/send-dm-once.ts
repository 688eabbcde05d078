import type { IncidentSlot, OutboxItem, WatchTarget } from '../ci/index.js';
import { EMPTY_WATCH_DOC, findSlot, watchDocKey, withSlot } from '../ci/index.js';
import type { Chat, DeliveryTag, PostedMessage } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import type { DrainDeps } from './drain-deps.js';
import { HISTORY_SLACK_MS } from './post-root.js';

type DmItem = Extract<OutboxItem, { kind: 'dm' }>;

/** The tag a DM carries in its Slack metadata: its incident and its outbox item. */
function tagOf(item: DmItem): DeliveryTag {
  return { incidentId: item.incidentId, delivery: `dm:${item.id}` };
}

/** The DM an earlier attempt sent but could not record, if Slack's history shows one. */
async function earlierDm(deps: DrainDeps, item: DmItem, attemptedAt: number) {
  try {
    return await deps.chat.findDm(item.user, tagOf(item), attemptedAt - HISTORY_SLACK_MS);
  } catch (error) {
    // Fails open, as the incident post does: a page sent twice beats a page never sent.
    deps.log.warn(
      { err: error, incident: item.incidentId },
      'Slack DM history unreadable; sending the escalation DM again',
    );
    return undefined;
  }
}

/** Records the attempt before the DM goes out; attempts whose items are done are dropped. */
async function recordAttempt(deps: DrainDeps, target: WatchTarget, item: DmItem): Promise<void> {
  const at = deps.clock.now();
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (current) => {
    const slot = findSlot(current, item.incidentId);
    if (slot === undefined) return undefined;
    const owed = new Set(current.outbox.map((queued) => queued.id));
    const others = (slot.dmAttempts ?? []).filter(
      (attempt) => attempt.item !== item.id && owed.has(attempt.item),
    );
    return withSlot(current, item.incidentId, { ...slot, dmAttempts: [...others, { item: item.id, at }] });
  });
}

/** `chat` whose DMs carry `tag`, so the one this item sends can be found again. */
function tagging(chat: Chat, tag: DeliveryTag): Chat {
  return { ...chat, dm: (user, message) => chat.dm(user, { ...message, ...tag }) };
}

/**
 * Sends one escalation DM (`send`, escalation's delivery) at most once, even across a crash
 * between Slack's answer and the store write, as the incident message is posted (post-root.ts):
 * the attempt is recorded in the watch document first, the DM carries its incident and outbox item
 * in its Slack metadata, and a retry after an attempt first reads the DM's history
 * (`conversations.history`, `im:history`) and adopts the DM it finds there instead of sending
 * another. When that history cannot be read the DM is sent again (alerts fail open).
 */
export async function sendDmOnce(
  deps: DrainDeps,
  target: WatchTarget,
  slot: IncidentSlot,
  item: DmItem,
  send: (deps: DrainDeps) => Promise<PostedMessage | undefined>,
): Promise<PostedMessage | undefined> {
  const attempt = slot.dmAttempts?.find((recorded) => recorded.item === item.id);
  if (attempt !== undefined) {
    const found = await earlierDm(deps, item, attempt.at);
    if (found) {
      deps.log.info({ incident: item.incidentId }, 'Found the escalation DM an earlier attempt sent');
      return found;
    }
  }
  await recordAttempt(deps, target, item);
  return send({ ...deps, chat: tagging(deps.chat, tagOf(item)) });
}
