import type { IncidentSlot, OutboxItem } from '../ci/index.js';
import type { Chat, Clock, IncidentPresenter, PostedMessage, Store } from '../core/ports.js';
import type { PageSender } from '../incidents/index.js';
import { isCurrent } from './domain/escalation.js';
import { type OnCall, onCallAt } from './domain/oncall.js';
import { recipientsOf } from './domain/step-recipients.js';

export interface PageDeps {
  readonly chat: Chat;
  readonly presenter: IncidentPresenter;
  readonly clock: Clock;
  /** Who `oncall` targets reach; absent, nobody is on call. */
  readonly oncall?: OnCall;
  /** Where a storm's DMs are remembered by cause; absent, every storm pages on its own. */
  readonly store?: Store;
}

type PageItem = Extract<OutboxItem, { kind: 'page' }>;
type DmItem = Extract<OutboxItem, { kind: 'dm' }>;

const NOBODY: OnCall = { kind: 'users', users: [] };

/** The people a DM goes to, a user group's members looked up now. */
async function peopleOf(deps: PageDeps, slot: IncidentSlot, item: PageItem): Promise<readonly string[]> {
  const authors = slot.incident.suspects.flatMap((suspect) => suspect.slackUserId ?? []);
  const oncall = onCallAt(deps.oncall ?? NOBODY, deps.clock.now()).now;
  const to = recipientsOf(item.action.to, { oncall, authors });
  if (to.kind === 'users') return to.ids;
  if (to.kind === 'usergroup') return deps.chat.usergroupMembers(to.id);
  return [];
}

/**
 * Carries out one action of an escalation step that fired, in the incident's thread (`root`);
 * a DM action answers the people to DM, each then sent as an outbox item of its own (a refusal
 * for one never DMs the others again). An action whose fencing token is no longer the incident's
 * (it was acknowledged or resolved after the step fired) does nothing: a stale step never pages.
 */
export async function deliverPage(
  deps: PageDeps,
  slot: IncidentSlot,
  root: PostedMessage,
  item: PageItem,
): Promise<readonly string[]> {
  const { incident } = slot;
  if (incident.escalation === undefined || !isCurrent(incident.escalation, item.token)) return [];
  const thread = (text: string) => deps.chat.post({ channel: root.channel, threadTs: root.ts, text });
  const { action } = item;
  if (action.via === 'post') {
    // The first round's post is the incident message itself; later rounds remind in its thread.
    if (item.round > 0) await thread(deps.presenter.page({ kind: 'reminder' }, incident));
    return [];
  }
  if (action.via === 'mention') {
    const authors = incident.suspects.flatMap((suspect) => suspect.slackUserId ?? []);
    const oncall = onCallAt(deps.oncall ?? NOBODY, deps.clock.now()).now;
    const to = recipientsOf(action.to, { oncall, authors });
    const nobody = to.kind === 'users' && to.ids.length === 0;
    await thread(
      deps.presenter.page(nobody ? { kind: 'nobody', via: 'mention' } : { kind: 'mention', to }, incident),
    );
    return [];
  }
  const people = await peopleOf(deps, slot, item);
  if (people.length === 0) await thread(deps.presenter.page({ kind: 'nobody', via: 'dm' }, incident));
  return [...new Set(people)];
}

/**
 * The channel where `user` was DMed for the same cause's storm within the window, when it is not
 * this one; undefined when the DM is to be sent. The first storm to DM a person for a cause takes
 * a marker `storm-paged:<cause>:<user>` for the window; a store that cannot answer sends the DM
 * (alerts fail open), and the storm's own later rounds find its own channel and send.
 */
async function pagedElsewhere(
  deps: PageDeps,
  slot: IncidentSlot,
  root: PostedMessage,
  user: string,
): Promise<string | undefined> {
  const storm = slot.incident.storm;
  if (deps.store === undefined || storm?.windowMs === undefined) return undefined;
  const key = `storm-paged:${storm.cause}:${user}`;
  try {
    if (await deps.store.setIfAbsent(key, root.channel, storm.windowMs)) return undefined;
    const held = await deps.store.getMarker(key);
    return held === undefined || held === root.channel ? undefined : held;
  } catch {
    return undefined;
  }
}

/** Sends one escalation DM; undefined when its step went stale meanwhile (nothing is sent). */
export async function deliverDm(
  deps: PageDeps,
  slot: IncidentSlot,
  root: PostedMessage,
  item: DmItem,
): Promise<PostedMessage | undefined> {
  const { incident } = slot;
  if (incident.escalation === undefined || !isCurrent(incident.escalation, item.token)) return undefined;
  const elsewhere = await pagedElsewhere(deps, slot, root, item.user);
  if (elsewhere !== undefined) {
    const note = { type: 'storm-paged-elsewhere', users: [item.user], channel: elsewhere } as const;
    await deps.chat.post({
      channel: root.channel,
      threadTs: root.ts,
      text: deps.presenter.note(note, incident),
    });
    return undefined;
  }
  const view = deps.presenter.dm(incident, await deps.chat.permalink(root));
  return deps.chat.dm(item.user, view);
}

/** Updates one DM the incident's escalation sent to its current state (who acknowledged it). */
export async function updateDm(
  deps: PageDeps,
  slot: IncidentSlot,
  root: PostedMessage,
  dm: PostedMessage,
): Promise<void> {
  const view = deps.presenter.dm(slot.incident, await deps.chat.permalink(root));
  await deps.chat.update({ channel: dm.channel, ts: dm.ts, ...view });
}

/** Escalation's deliveries as the outbox's drain is handed them (incidents' PageSender). */
export const pageSender: PageSender = { page: deliverPage, dm: deliverDm, updateDm };
