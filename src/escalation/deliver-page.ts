import type { IncidentSlot, OutboxItem } from '../ci/index.js';
import type { Chat, Clock, IncidentPresenter, PostedMessage } from '../core/ports.js';
import { isCurrent } from './domain/escalation.js';
import { type OnCall, onCallAt } from './domain/oncall.js';
import { recipientsOf } from './domain/step-recipients.js';

export interface PageDeps {
  readonly chat: Chat;
  readonly presenter: IncidentPresenter;
  readonly clock: Clock;
  /** Who `oncall` targets reach; absent, nobody is on call. */
  readonly oncall?: OnCall;
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

/** Sends one escalation DM; undefined when its step went stale meanwhile (nothing is sent). */
export async function deliverDm(
  deps: PageDeps,
  slot: IncidentSlot,
  root: PostedMessage,
  item: DmItem,
): Promise<PostedMessage | undefined> {
  const { incident } = slot;
  if (incident.escalation === undefined || !isCurrent(incident.escalation, item.token)) return undefined;
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
