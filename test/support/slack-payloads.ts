import { BOT_USER_ID, type SlackMessage, TEAM_ID } from './fake-slack.js';
import { CHANNEL } from './scenario.js';

/** What Slack sends for `/overseer <text>` (as form fields over HTTP, as the envelope payload in Socket Mode). */
export function slashCommandPayload(opts: {
  text: string;
  user: string;
  responseUrl: string;
  triggerId: string;
}) {
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    team_domain: 'acme',
    channel_id: CHANNEL,
    channel_name: 'incidents',
    user_id: opts.user,
    user_name: opts.user.toLowerCase(),
    command: '/overseer',
    text: opts.text,
    api_app_id: 'A0OVERSEER',
    is_enterprise_install: 'false',
    response_url: opts.responseUrl,
    trigger_id: opts.triggerId,
  };
}

/** What every interaction payload says of its workspace, app and user. */
function interactionBy(user: string) {
  return {
    team: { id: TEAM_ID, domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0OVERSEER',
    token: 'deprecated-verification-token',
  };
}

/** A `block_actions` payload: `user` clicked the button `actionId` of `message` in CHANNEL. */
export function buttonClickPayload(opts: {
  message: SlackMessage;
  actionId: string;
  label: string;
  user: string;
  responseUrl: string;
  triggerId: string;
}) {
  const button = findButton(opts.message.blocks, opts.actionId);
  if (button === undefined) throw new Error(`the message has no ${opts.actionId} button`);
  return {
    type: 'block_actions',
    ...interactionBy(opts.user),
    container: { type: 'message', message_ts: opts.message.ts, channel_id: CHANNEL, is_ephemeral: false },
    trigger_id: opts.triggerId,
    channel: { id: CHANNEL, name: 'incidents' },
    message: opts.message,
    response_url: opts.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: opts.actionId,
        block_id: button.blockId ?? '',
        text: { type: 'plain_text', text: opts.label },
        value: button.value ?? '',
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

interface InputBlock {
  readonly type: 'input';
  readonly block_id: string;
  readonly optional?: boolean;
  readonly element: { readonly type: string; readonly action_id: string; readonly max_length?: number };
}

/**
 * A `view_submission` payload: `user` pressed Submit on `view` (a modal as views.open answered with
 * it) after typing `typed` (block_id -> text) into its plain-text inputs. Slack's client holds back
 * what it would not send: a required input left empty, or text over an input's max_length.
 * https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission
 */
export function viewSubmissionPayload(opts: {
  view: Record<string, unknown>;
  user: string;
  typed: Record<string, string>;
  triggerId: string;
}) {
  const values: Record<string, Record<string, { type: string; value: string | null }>> = {};
  const blocks = (opts.view.blocks ?? []) as Array<{ type: string }>;
  for (const block of blocks.filter((b): b is InputBlock => b.type === 'input')) {
    const { element } = block;
    if (element.type !== 'plain_text_input') throw new Error(`no typing into a ${element.type} yet`);
    const text = opts.typed[block.block_id] ?? '';
    if (text === '' && block.optional !== true)
      throw new Error(`Slack's client does not submit with the required input ${block.block_id} empty`);
    if (element.max_length !== undefined && text.length > element.max_length)
      throw new Error(`Slack's client does not submit over ${element.max_length} characters`);
    values[block.block_id] = {
      [element.action_id]: { type: 'plain_text_input', value: text === '' ? null : text },
    };
  }
  return {
    type: 'view_submission',
    ...interactionBy(opts.user),
    trigger_id: opts.triggerId,
    view: { ...opts.view, state: { values } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/**
 * The Events API envelope Slack wraps every event in
 * (https://api.slack.com/apis/events-api#callback-field), delivered to the fake workspace's bot.
 */
export function eventCallback(eventId: string, event: Record<string, unknown>) {
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0OVERSEER',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
    event,
  };
}

/** An Events API `event_callback` of `app_mention` by `user` at `ts` in CHANNEL. */
export function mentionPayload(opts: { eventId: string; text: string; ts: string; user: string }) {
  return eventCallback(opts.eventId, {
    type: 'app_mention',
    user: opts.user,
    text: `<@${BOT_USER_ID}> ${opts.text}`,
    ts: opts.ts,
    channel: CHANNEL,
    event_ts: opts.ts,
  });
}

/** The button with `actionId` in a message's blocks, with the ID of its block. */
export function findButton(
  blocks: unknown,
  actionId: string,
): { value?: string; blockId?: string } | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks as Array<{ block_id?: string; elements?: unknown[]; accessory?: unknown }>) {
    // A section's accessory is a button too (https://docs.slack.dev/reference/block-kit/blocks/section-block).
    for (const element of [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]) {
      const button = element as { action_id?: string; value?: string };
      if (button.action_id !== actionId) continue;
      return {
        ...(button.value ? { value: button.value } : {}),
        ...(block.block_id ? { blockId: block.block_id } : {}),
      };
    }
  }
  return undefined;
}
