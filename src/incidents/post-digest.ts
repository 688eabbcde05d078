import type { OutboxItem } from '../ci/index.js';
import type { Chat, IncidentPresenter, PostedMessage, Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import { addToDigest, type DigestDoc, type DigestEntry, digestKey, EMPTY_DIGEST } from './domain/digest.js';
import { doneWith, type ItemOf, type Performing, type Step } from './step.js';

/** How long the right to post a day's digest message is held: one Slack call and a write. */
const POST_CLAIM_MS = 60_000;

export interface DigestDeps {
  readonly store: Store;
  readonly chat: Chat;
  readonly presenter: IncidentPresenter;
}

/**
 * The entry with a link to its incident's message, when that message was posted: the event was told
 * there, in place, so the digest points at it. Without a link (Slack did not give one) the line
 * still stands: a digest line is never held back for a link.
 */
async function withMessageUrl(
  chat: Chat,
  entry: DigestEntry,
  message: PostedMessage | undefined,
): Promise<DigestEntry> {
  if (message === undefined) return entry;
  const url = await chat.permalink(message).catch(() => '');
  return url === '' ? entry : { ...entry, messageUrl: url };
}

/**
 * Adds one queued event to the channel's digest of its day and shows the digest: posted at the
 * first entry, updated in place after. The digest document (per channel and day) is written by
 * compare-and-set, so watches sharing a channel, and replicas, add to one list; an entry already
 * in it (a retried outbox item) is not added twice. One holder at a time posts the message; the
 * others throw, and their outbox item is retried to update it. As with thread notes, a crash
 * between Slack's answer and the store write can post the digest twice.
 */
async function postDigest(
  deps: DigestDeps,
  channel: string,
  item: Extract<OutboxItem, { kind: 'digest' }>,
  incidentMessage?: PostedMessage,
): Promise<void> {
  const key = digestKey(channel, item.day);
  const entryKey = `${item.incidentId}#${item.id}`;
  const entry = await withMessageUrl(deps.chat, item.entry, incidentMessage);
  const { value } = await updateDoc<DigestDoc>(deps.store, key, EMPTY_DIGEST, (doc) => {
    const next = addToDigest(doc, entryKey, entry);
    return next === doc ? undefined : next;
  });
  const view = deps.presenter.digest(item.day, value.entries);
  if (value.message !== undefined) {
    await deps.chat.update({ channel: value.message.channel, ts: value.message.ts, ...view });
    return;
  }
  const claim = `lease:digest:${channel}:${item.day}`;
  if (!(await deps.store.setIfAbsent(claim, entryKey, POST_CLAIM_MS))) {
    throw new Error(`the digest of ${item.day} is being posted by another holder; retried to update it`);
  }
  const message = await deps.chat.post({ channel, ...view });
  await updateDoc<DigestDoc>(deps.store, key, EMPTY_DIGEST, (doc) =>
    doc.message === undefined ? { ...doc, message } : undefined,
  );
}

/** The `digest` item: its line in the channel's digest of the day, linked to the incident's message. */
export async function performDigest({
  deps,
  target,
  slot,
  item,
}: Performing<ItemOf<'digest'>>): Promise<Step> {
  await postDigest(deps, target.channel, item, slot.message);
  return doneWith(item);
}
