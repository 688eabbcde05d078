import type { BlockButtonAction } from '@slack/bolt';
import type { Chat, Log } from '../../../core/ports.js';
import type { SplitOutcome } from '../../../storms/index.js';
import type { ListenerApp } from '../listener-router.js';
import { readSplitValue, SPLIT_ACTION_ID } from './storm-view.js';

export interface StormActionDeps {
  readonly chat: Chat;
  readonly log: Log;
  /** **Not the same cause**: the member split off the storm led by `leadId`. */
  readonly split: (leadId: string, memberId: string, userId: string) => Promise<SplitOutcome>;
}

export const SPLIT_REPLIES: Record<Exclude<SplitOutcome, 'split'>, string> = {
  'not-in-storm': 'This watch is no longer part of this storm: it was split off already.',
  resolved: 'This watch is green again: there is nothing to split off.',
  'not-found': 'Overseer no longer tracks this storm.',
};

/**
 * The storm message's **Not the same cause** button, one per joined watch's line: its value names
 * the storm and the watch. Acknowledged at once; like Acknowledge, anyone who sees the message may
 * press it (a split only adds a message and a page, never acts on GitHub). A value that is not
 * ours is answered and changes nothing.
 */
export function registerStormActions(app: ListenerApp, deps: StormActionDeps): void {
  app.action<BlockButtonAction>(SPLIT_ACTION_ID, async ({ ack, body, action }) => {
    await ack();
    const value = readSplitValue(action.value ?? '');
    const outcome =
      value === undefined ? 'not-found' : await deps.split(value.leadId, value.memberId, body.user.id);
    if (outcome === 'split' || body.channel?.id === undefined) return;
    await deps.chat
      .ephemeral(body.channel.id, body.user.id, SPLIT_REPLIES[outcome])
      .catch((error: unknown) => {
        deps.log.warn({ err: error }, 'Ephemeral reply failed');
      });
  });
}
