import type { IncidentSlot, OutboxItem, WatchTarget } from '../ci/index.js';
import { EMPTY_WATCH_DOC, findSlot, watchDocKey, withSlot } from '../ci/index.js';
import type { Chat, DeliveryTag, PostedMessage } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import type { DrainDeps } from './drain-deps.js';
import { earlierPost } from './earlier-post.js';
import { HISTORY_SLACK_MS } from './post-root.js';
import { doneWith, type InThread, type Step } from './step.js';

/** Outbox items whose Slack work is one new message: a reply in the incident's thread, or a DM. */
export type OnceItem = Extract<OutboxItem, { kind: 'page' | 'note' | 'dm' }>;

/** The tag the message carries in its Slack metadata: its incident and its outbox item. */
function tagOf(item: OnceItem): DeliveryTag {
  return { incidentId: item.incidentId, delivery: `${item.kind}:${item.id}` };
}

/**
 * What an earlier attempt sent but could not record, if Slack shows it: a DM, or a thread reply.
 * Fails open (earlier-post.ts), as the incident post does: a page sent twice beats one never sent.
 */
async function earlierSend(
  deps: DrainDeps,
  root: PostedMessage,
  item: OnceItem,
  attemptedAt: number,
): Promise<{ readonly dm?: PostedMessage } | undefined> {
  const tag = tagOf(item);
  const since = attemptedAt - HISTORY_SLACK_MS;
  let dm: PostedMessage | undefined;
  const found = await earlierPost(deps, tag, async () => {
    if (item.kind === 'dm') dm = await deps.chat.findDm(item.user, tag, since);
    // A DM item may have posted in the thread instead (the person was paged for this storm elsewhere).
    return dm ?? deps.chat.findReply(root, tag, since);
  });
  if (found === undefined) return undefined;
  return dm === undefined ? {} : { dm };
}

/** Records the attempt before the message goes out; attempts whose items are done are dropped. */
async function recordAttempt(deps: DrainDeps, target: WatchTarget, item: OnceItem): Promise<void> {
  const at = deps.clock.now();
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (current) => {
    const slot = findSlot(current, item.incidentId);
    if (slot === undefined) return undefined;
    const owed = new Set(current.outbox.map((queued) => queued.id));
    const others = (slot.sendAttempts ?? []).filter(
      (attempt) => attempt.item !== item.id && owed.has(attempt.item),
    );
    return withSlot(current, item.incidentId, { ...slot, sendAttempts: [...others, { item: item.id, at }] });
  });
}

/** `chat` whose new messages of the incident (DMs and thread replies) carry `tag`. */
function tagging(chat: Chat, tag: DeliveryTag): Chat {
  return {
    ...chat,
    dm: (user, message) => chat.dm(user, { ...message, ...tag }),
    post: (message) => chat.post(message.threadTs === undefined ? message : { ...message, ...tag }),
  };
}

/**
 * Carries out an item whose work is one new message (`perform`: a reply in the incident's thread,
 * or an escalation DM) at most once, even across a crash between Slack's answer and the store
 * write, as the incident message is posted (post-root.ts): the attempt is recorded in the watch
 * document first, the message carries its incident and outbox item in its Slack metadata, and a
 * retry after an attempt first reads the DM's history (`im:history`) or the thread
 * (`conversations.replies`) and takes the message it finds there as the item done. When that
 * cannot be read the item is carried out again (alerts fail open).
 */
async function performOnce(
  deps: DrainDeps,
  target: WatchTarget,
  slot: IncidentSlot,
  root: PostedMessage,
  item: OnceItem,
  perform: (deps: DrainDeps) => Promise<Step>,
): Promise<Step> {
  const attempt = slot.sendAttempts?.find((recorded) => recorded.item === item.id);
  if (attempt !== undefined) {
    const found = await earlierSend(deps, root, item, attempt.at);
    if (found) {
      deps.log.info({ incident: item.incidentId, kind: item.kind }, 'Found what an earlier attempt sent');
      return { ...doneWith(item), ...(found.dm ? { dms: [found.dm] } : {}) };
    }
  }
  await recordAttempt(deps, target, item);
  return perform({ ...deps, chat: tagging(deps.chat, tagOf(item)) });
}

/** One new message of the incident's: a step's page or a note in its thread, or one DM. */
async function sendOne(
  deps: DrainDeps,
  slot: IncidentSlot,
  root: PostedMessage,
  item: OnceItem,
): Promise<Step> {
  if (item.kind === 'page') {
    const people = await deps.pages.page(deps, slot, root, item);
    return {
      ...doneWith(item),
      expand: people.map((user) => ({ kind: 'dm', user, token: item.token }) as const),
    };
  }
  if (item.kind === 'dm') {
    const dm = await deps.pages.dm(deps, slot, root, item);
    return { ...doneWith(item), ...(dm ? { dms: [dm] } : {}) };
  }
  const text = deps.presenter.note(item.note, slot.incident);
  await deps.chat.post({ channel: root.channel, threadTs: root.ts, text });
  return doneWith(item);
}

/** The `page`, `note` and `dm` items: each one new message, sent at most once (performOnce). */
export async function performSend({ deps, target, slot, item, root }: InThread<OnceItem>): Promise<Step> {
  return performOnce(deps, target, slot, root, item, (tagged) => sendOne(tagged, slot, root, item));
}
