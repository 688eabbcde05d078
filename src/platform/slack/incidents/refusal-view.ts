import { escapeMrkdwn } from '../mrkdwn.js';

export interface RefusalFacts {
  readonly method: string;
  readonly code: string;
  readonly channel: string;
}

/** `<#C123>` for a channel, `<@U123>` for a person (a DM), the ID as code otherwise. */
export function conversationRef(id: string): string {
  if (/^[CG][A-Z0-9]+$/.test(id)) return `<#${id}>`;
  if (/^[UW][A-Z0-9]+$/.test(id)) return `<@${id}>`;
  return `\`${escapeMrkdwn(id)}\``;
}

/** What a refusal means to a person, by Slack's error code. */
const MEANING: Readonly<Record<string, string>> = {
  message_not_found: 'the message was deleted',
  channel_not_found: 'the channel is gone, or Overseer cannot see it',
  is_archived: 'the channel is archived',
  not_in_channel: 'Overseer is not a member of the channel',
  user_not_found: 'no such Slack user',
  user_disabled: 'the account is deactivated',
  cannot_dm_bot: 'that user is a bot',
  msg_too_long: 'the message is too long for Slack',
  invalid_blocks: 'Slack would not accept the message layout',
};

/** One line naming a refusal: "`chat.update` in #incidents: `message_not_found` (the message was deleted)". */
export function refusalLine(refused: RefusalFacts): string {
  const meaning = MEANING[refused.code];
  return (
    `\`${escapeMrkdwn(refused.method)}\` to ${conversationRef(refused.channel)}: ` +
    `\`${escapeMrkdwn(refused.code)}\`${meaning ? ` (${meaning})` : ''}`
  );
}

/** The DM each admin gets once per cause (error code and channel) of a delivery set aside. */
export function renderRefusal(refused: RefusalFacts): string {
  return (
    `:warning: Overseer: Slack refused a delivery for good: ${refusalLine(refused)}. ` +
    'It was set aside and the messages behind it went on; it is not retried. ' +
    '`/overseer status` and the Home tab list what was set aside. ' +
    'You are told once per error and channel.'
  );
}

type View = { readonly text: string; readonly blocks: readonly unknown[] };

const REPLACED = 'This message replaces the incident’s earlier message, which was deleted.';

/** An incident's message posted afresh after its earlier one was deleted: it says so at the end. */
export function renderReplacement(view: View): View {
  return {
    text: `${view.text} (${REPLACED})`,
    blocks: [
      ...view.blocks,
      { type: 'context', elements: [{ type: 'mrkdwn', text: `:recycle: ${REPLACED}` }] },
    ],
  };
}
