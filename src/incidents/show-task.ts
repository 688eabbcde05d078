import type { IncidentSlot } from '../ci/index.js';
import type { PostedMessage } from '../core/ports.js';
import type { DrainDeps } from './drain-deps.js';
import { earlierPost } from './earlier-post.js';
import { HISTORY_SLACK_MS, showIncident } from './post-root.js';
import { doneWith, type InThread, type ItemOf, type Step } from './step.js';

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

/**
 * The `task` item: the incident message first (its header says where its fix task stands, "fix
 * under way"), so a root posted afresh (the one before was deleted) holds the task in its thread;
 * then the task's own message in that thread.
 */
export async function performTask({
  deps,
  target,
  doc,
  slot,
  item,
  root,
}: InThread<ItemOf<'task'>>): Promise<Step> {
  const message = await showIncident(deps, target, doc, item.incidentId);
  const taskMessage = await showTask(deps, slot, message ?? root);
  return { ...doneWith(item), ...(taskMessage ? { taskMessage } : {}), ...(message ? { message } : {}) };
}
