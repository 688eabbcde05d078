import type { IncidentChannel, IncidentSlot, WatchTarget } from '../ci/index.js';
import { ChannelRefusedError, type PostedMessage } from '../core/ports.js';
import { onCallAt } from '../escalation/domain/oncall.js';
import { incidentChannelName } from './domain/incident-channel-name.js';
import type { DrainDeps } from './drain-deps.js';
import { postUnlessFound } from './earlier-post.js';
import { HISTORY_SLACK_MS } from './post-root.js';
import { type ChannelDeps, saveIncidentChannel, withChannels } from './save-incident-channel.js';
import { doneWith, type InThread, type ItemOf, type Step } from './step.js';

/** Names tried before giving up: past this many `name_taken`, something else is wrong. */
const MAX_NAME_ATTEMPTS = 20;
/** The tags of the channel's summary and of its link in the incident's thread. */
const SUMMARY_DELIVERY = 'channel-summary';
const LINK_DELIVERY = 'channel-link';
/** Slack's limit of users per conversations.invite call. */
export const INVITE_BATCH = 1000;

/** On-call now (a user group's members looked up) and the suspected authors known in Slack. */
async function peopleFor(deps: DrainDeps, slot: IncidentSlot): Promise<string[]> {
  const people: string[] = [];
  if (deps.oncall !== undefined) {
    const who = onCallAt(deps.oncall, deps.clock.now()).now;
    people.push(...(who.kind === 'users' ? who.ids : await deps.chat.usergroupMembers(who.id)));
  }
  for (const suspect of slot.incident.suspects) if (suspect.slackUserId) people.push(suspect.slackUserId);
  return [...new Set(people)];
}

/**
 * The channel's ID: created now under the next free name unless an earlier try recorded it. Each
 * `name_taken` is recorded, so a retry goes on from the next name.
 */
async function create(
  deps: ChannelDeps,
  target: WatchTarget,
  slot: IncidentSlot,
): Promise<{ readonly channel: string; readonly state: IncidentChannel }> {
  let state = slot.incidentChannel ?? { attempt: 1 };
  if (state.id !== undefined) return { channel: state.id, state };
  const { watch, episode } = slot.incident;
  for (let { attempt } = state; attempt <= MAX_NAME_ATTEMPTS; attempt += 1) {
    const name = incidentChannelName(watch.repo, episode, attempt);
    const created = await deps.channels.create(name);
    if (created.kind === 'created') {
      state = await saveIncidentChannel(deps, target, slot.incident.id, { id: created.id, name });
      return { channel: created.id, state };
    }
    await saveIncidentChannel(deps, target, slot.incident.id, { attempt: attempt + 1 });
  }
  throw new Error(`no free channel name after ${MAX_NAME_ATTEMPTS} tries: archive or rename the old ones`);
}

/**
 * Sets up incident `slot`'s own channel, each step recorded as soon as Slack accepted it, so that
 * a retry (after a Slack failure or a crash) carries on from the first step not done: create it
 * (a suffixed name when Slack has the name already), invite on-call and the suspected authors,
 * post the incident's summary and pin it, and link the channel in the incident's thread (`root`).
 */
async function openIncidentChannel(
  deps: ChannelDeps,
  target: WatchTarget,
  slot: IncidentSlot,
  root: PostedMessage,
): Promise<void> {
  if (slot.incidentChannel?.refused !== undefined) return;
  try {
    await setUp(deps, target, slot, root);
  } catch (error) {
    if (!(error instanceof ChannelRefusedError)) throw error;
    // Given up, so the incident's later Slack work is not held behind it.
    deps.log.error(
      { incident: slot.incident.id, reason: error.reason },
      'Incident channel not set up: Slack refused (add the scopes of manifest.incident-channels.yml)',
    );
    await saveIncidentChannel(deps, target, slot.incident.id, { refused: error.reason });
  }
}

async function setUp(deps: ChannelDeps, target: WatchTarget, slot: IncidentSlot, root: PostedMessage) {
  const id = slot.incident.id;
  const created = await create(deps, target, slot);
  const { channel } = created;
  let { state } = created;
  if (state.invited === undefined) {
    const people = await peopleFor(deps, slot);
    const passedOver: string[] = [];
    for (let from = 0; from < people.length; from += INVITE_BATCH) {
      passedOver.push(...(await deps.channels.invite(channel, people.slice(from, from + INVITE_BATCH))));
    }
    if (passedOver.length > 0)
      deps.log.info(
        { incident: id, users: passedOver },
        'Some people were not invited to the incident channel',
      );
    state = await saveIncidentChannel(deps, target, id, {
      invited: people.filter((user) => !passedOver.includes(user)),
    });
  }
  // The summary and the link are looked for before they are posted, by their tags, in case a
  // crash came between Slack's answer and the store write (earlier-post.ts).
  const since = slot.incident.since - HISTORY_SLACK_MS;
  if (state.summary === undefined) {
    const view = deps.presenter.incident(slot.incident, deps.clock.now(), slot.task);
    const message = { channel, ...view, incidentId: id, delivery: SUMMARY_DELIVERY };
    const summary = await postUnlessFound(deps, message, () =>
      deps.chat.findIncidentMessage(channel, id, since),
    );
    state = await saveIncidentChannel(deps, target, id, { summary });
  }
  if (!state.pinned && state.summary !== undefined) {
    await deps.channels.pin(state.summary);
    state = await saveIncidentChannel(deps, target, id, { pinned: true });
  }
  if (!state.linked) {
    const text = deps.presenter.channelLink(channel, state.invited?.length ?? 0, slot.incident);
    const tag = { incidentId: id, delivery: LINK_DELIVERY };
    await postUnlessFound(deps, { channel: root.channel, threadTs: root.ts, text, ...tag }, () =>
      deps.chat.findReply(root, tag, since),
    );
    await saveIncidentChannel(deps, target, id, { linked: true });
  }
}

/** The `channel` item: the incident's own channel set up, when Overseer has channel access. */
export async function performChannel({
  deps,
  target,
  slot,
  item,
  root,
}: InThread<ItemOf<'channel'>>): Promise<Step> {
  const channelDeps = withChannels(deps, item);
  if (channelDeps !== undefined) await openIncidentChannel(channelDeps, target, slot, root);
  return doneWith(item);
}
