import type { WatchTarget } from '../ci/index.js';
import { findSlot, type IncidentSlot, type OutboxItem, type WatchDoc } from '../ci/index.js';
import type { PostedMessage } from '../core/ports.js';
import { archiveIncidentChannel } from './archive-incident-channels.js';
import type { DrainDeps } from './drain-deps.js';
import { earlierPost } from './earlier-post.js';
import { openIncidentChannel } from './open-incident-channel.js';
import { postDigest } from './post-digest.js';
import { HISTORY_SLACK_MS, showIncident } from './post-root.js';
import { type OnceItem, performOnce } from './send-once.js';
import type { Step } from './step.js';

/**
 * Posts the incident's fix task in its thread, or updates the message posted before. The first
 * post carries the task in its Slack metadata, and is looked for in the thread first, so a crash
 * after Slack took it and before the store recorded it does not post the task a second time (the
 * click on the first one's button would then update a message nobody sees). Tasks are few: one
 * thread read per task.
 */
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
  const tag = { incidentId: slot.incident.id, delivery: `task:${slot.task.id}` };
  const since = slot.task.createdAt - HISTORY_SLACK_MS;
  const earlier = await earlierPost(deps, tag, () => deps.chat.findReply(root, tag, since));
  if (earlier !== undefined) {
    await deps.chat.update({ channel: earlier.channel, ts: earlier.ts, ...view });
    return earlier;
  }
  return deps.chat.post({ channel: root.channel, threadTs: root.ts, ...view, ...tag });
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

/** One new message of the incident's: a step's page or a note in its thread, or one DM. */
async function sendOne(
  deps: DrainDeps,
  slot: IncidentSlot,
  root: PostedMessage,
  item: OnceItem,
): Promise<Step> {
  const base = { done: item, incidentId: item.incidentId };
  if (item.kind === 'page') {
    const people = await deps.pages.page(deps, slot, root, item);
    return { ...base, expand: people.map((user) => ({ kind: 'dm', user, token: item.token }) as const) };
  }
  if (item.kind === 'dm') {
    const dm = await deps.pages.dm(deps, slot, root, item);
    return { ...base, ...(dm ? { dms: [dm] } : {}) };
  }
  const text = deps.presenter.note(item.note, slot.incident);
  await deps.chat.post({ channel: root.channel, threadTs: root.ts, text });
  return base;
}

/** Work that needs the incident's top message, once it has one. */
async function performInThread(
  deps: DrainDeps,
  target: WatchTarget,
  doc: WatchDoc,
  slot: IncidentSlot,
  root: PostedMessage,
  item: OutboxItem,
): Promise<Step> {
  const base = { done: item, incidentId: item.incidentId };
  if (item.kind === 'task') {
    // The incident message says where its fix task stands (its header: "fix under way"); shown
    // first, so a root posted afresh (the one before was deleted) holds the task in its thread.
    const message = await showIncident(deps, target, doc, item.incidentId);
    const taskMessage = await showTask(deps, slot, message ?? root);
    return { ...base, ...(taskMessage ? { taskMessage } : {}), ...(message ? { message } : {}) };
  }
  if (item.kind === 'page' || item.kind === 'note' || item.kind === 'dm')
    return performOnce(deps, target, slot, root, item, (tagged) => sendOne(tagged, slot, root, item));
  if (item.kind === 'dms')
    return { ...base, expand: (slot.dms ?? []).map((dm) => ({ kind: 'dm-update', dm }) as const) };
  if (item.kind === 'dm-update') {
    await deps.pages.updateDm(deps, slot, root, item.dm);
    return base;
  }
  if (item.kind === 'channel') {
    if (deps.channels) await openIncidentChannel({ ...deps, channels: deps.channels }, target, slot, root);
    else noChannels(deps, item);
    return base;
  }
  return base;
}

/** Carries out one item: a render posts or updates; work in the thread needs the top message first. */
export async function performItem(
  deps: DrainDeps,
  target: WatchTarget,
  doc: WatchDoc,
  item: OutboxItem,
): Promise<Step> {
  const slot = findSlot(doc, item.incidentId);
  const base = { done: item, incidentId: item.incidentId };
  if (slot === undefined) {
    deps.log.warn(
      { incident: item.incidentId, kind: item.kind },
      'Dropping Slack work for a forgotten incident',
    );
    return base;
  }
  if (slot.incident.joined !== undefined && slot.message === undefined) {
    // It joined another watch's storm: the storm's message speaks for it; nothing is posted.
    return base;
  }
  if (item.kind === 'digest') {
    // The channel's digest, not the incident's thread: a quiet incident has no message.
    await postDigest(deps, target.channel, item, slot.message);
    return base;
  }
  if (item.kind === 'render') {
    const message = await showIncident(deps, target, doc, item.incidentId);
    await showSummary(deps, slot);
    return { ...base, ...(message ? { message } : {}) };
  }
  if (item.kind === 'archive') {
    if (deps.channels) await archiveIncidentChannel({ ...deps, channels: deps.channels }, target, slot);
    else noChannels(deps, item);
    return base;
  }
  if (slot.message === undefined) {
    const message = await showIncident(deps, target, doc, item.incidentId);
    return { done: undefined, incidentId: item.incidentId, ...(message ? { message } : {}) };
  }
  return performInThread(deps, target, doc, slot, slot.message, item);
}
