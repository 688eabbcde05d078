import { messageBlockProblems } from './fake-slack-blocks.js';
import { viewsPublish } from './fake-slack-home.js';
import { bool, fail, resolveChannel, type SlackMethod, type SlackParams, str } from './fake-slack-params.js';
import {
  APP_ID,
  BOT_ID,
  BOT_USER_ID,
  type SlackChannel,
  type SlackMessage,
  TEAM_DOMAIN,
  TEAM_ID,
} from './fake-slack-state.js';

function listParam(params: SlackParams, key: string): unknown[] | undefined | 'invalid' {
  const value = params[key];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : 'invalid';
}

/** text/blocks/attachments/metadata of postMessage and update, validated as Slack does. */
function content(params: SlackParams): Partial<SlackMessage> | string {
  const blocks = listParam(params, 'blocks');
  if (blocks === 'invalid') return 'invalid_blocks';
  if (blocks !== undefined && messageBlockProblems(blocks).length > 0) return 'invalid_blocks';
  const attachments = listParam(params, 'attachments');
  if (attachments === 'invalid') return 'invalid_attachments';
  const result: Partial<SlackMessage> = {};
  const text = str(params, 'text');
  if (text !== undefined) result.text = text;
  if (blocks) result.blocks = blocks;
  if (attachments) result.attachments = attachments;
  if (params.metadata !== undefined) result.metadata = params.metadata;
  return result;
}

const postMessage: SlackMethod = (params, ctx) => {
  const channel = resolveChannel(ctx, str(params, 'channel'));
  if (!channel) return fail('channel_not_found');
  if (channel.isArchived) return fail('is_archived');
  const body = content(params);
  if (typeof body === 'string') return fail(body);
  if (body.text === undefined && !body.blocks?.length && !body.attachments?.length) return fail('no_text');
  const threadTs = str(params, 'thread_ts');
  if (threadTs !== undefined && !ctx.ws.thread(channel, threadTs)) return fail('thread_not_found');
  const root = threadTs === undefined ? undefined : channel.messages.find((m) => m.ts === threadTs);
  const message: SlackMessage = {
    type: 'message',
    ts: ctx.ws.nextTs(),
    user: BOT_USER_ID,
    bot_id: BOT_ID,
    app_id: APP_ID,
    team: TEAM_ID,
    text: body.text ?? '',
    ...body,
    ...(root ? { thread_ts: root.thread_ts ?? root.ts } : {}),
    ...(root && bool(params, 'reply_broadcast') ? { subtype: 'thread_broadcast' } : {}),
  };
  ctx.ws.post(channel, message);
  return { ok: true, channel: channel.id, ts: message.ts, message: { ...message } };
};

const update: SlackMethod = (params, ctx) => {
  const channel = resolveChannel(ctx, str(params, 'channel'));
  if (!channel) return fail('channel_not_found');
  if (channel.isArchived) return fail('is_archived');
  const message = channel.messages.find((m) => m.ts === str(params, 'ts'));
  if (!message) return fail('message_not_found');
  if (message.user !== BOT_USER_ID) return fail('cant_update_message');
  const body = content(params);
  if (typeof body === 'string') return fail(body);
  if (body.text === undefined && body.blocks === undefined && body.attachments === undefined) {
    return fail('no_text');
  }
  Object.assign(message, body, { edited: { user: BOT_USER_ID, ts: ctx.ws.nextTs() } });
  return { ok: true, channel: channel.id, ts: message.ts, text: message.text, message: { ...message } };
};

const postEphemeral: SlackMethod = (params, ctx) => {
  const channel = resolveChannel(ctx, str(params, 'channel'));
  if (!channel) return fail('channel_not_found');
  const user = str(params, 'user');
  if (user === undefined) return fail('user_not_found');
  const body = content(params);
  if (typeof body === 'string') return fail(body);
  if (body.text === undefined && !body.blocks?.length && !body.attachments?.length) return fail('no_text');
  const messageTs = ctx.ws.nextTs();
  const threadTs = str(params, 'thread_ts');
  ctx.ws.ephemerals.push({
    channel: channel.id,
    user,
    text: body.text ?? '',
    ...(body.blocks ? { blocks: body.blocks } : {}),
    ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    message_ts: messageTs,
  });
  return { ok: true, message_ts: messageTs };
};

const getPermalink: SlackMethod = (params, ctx) => {
  const channel = resolveChannel(ctx, str(params, 'channel'));
  if (!channel) return fail('channel_not_found');
  const message = channel.messages.find((m) => m.ts === str(params, 'message_ts'));
  if (!message) return fail('message_not_found');
  const base = `https://${TEAM_DOMAIN}.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}`;
  const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
  const permalink = isReply ? `${base}?thread_ts=${message.thread_ts}&cid=${channel.id}` : base;
  return { ok: true, channel: channel.id, permalink };
};

const reactionsAdd: SlackMethod = (params, ctx) => {
  const channel = resolveChannel(ctx, str(params, 'channel'));
  if (!channel) return fail('channel_not_found');
  const message = channel.messages.find((m) => m.ts === str(params, 'timestamp'));
  if (!message) return fail('message_not_found');
  const name = str(params, 'name');
  if (!name) return fail('invalid_name');
  message.reactions ??= [];
  const reaction = message.reactions.find((r) => r.name === name);
  if (reaction?.users.includes(BOT_USER_ID)) return fail('already_reacted');
  if (reaction) {
    reaction.users.push(BOT_USER_ID);
    reaction.count += 1;
  } else {
    message.reactions.push({ name, users: [BOT_USER_ID], count: 1 });
  }
  return { ok: true };
};

const conversationsOpen: SlackMethod = (params, ctx) => {
  const channelId = str(params, 'channel');
  if (channelId !== undefined) {
    const channel = ctx.ws.channels.get(channelId);
    return channel ? { ok: true, channel: { id: channel.id } } : fail('channel_not_found');
  }
  const users = (str(params, 'users') ?? '').split(',').filter(Boolean);
  const [user] = users;
  if (!user) return fail('users_list_not_supplied');
  // Group DMs (several users) are not modelled: the bot only ever DMs one person at a time.
  if (users.length > 1) return fail('not_supported_by_fake');
  // https://docs.slack.dev/reference/methods/conversations.open (errors): user_not_found,
  // user_disabled ("The user has been disabled"), cannot_dm_bot ("Cannot open a DM with a bot").
  const known = ctx.ws.users.get(user);
  if (known === undefined) return fail('user_not_found');
  if (known.deleted) return fail('user_disabled');
  if (known.isBot) return fail('cannot_dm_bot');
  const { channel, existed } = ctx.ws.imWith(user);
  const json = bool(params, 'return_im') ? ctx.ws.channelJson(channel) : { id: channel.id };
  return { ok: true, ...(existed ? { no_op: true, already_open: true } : {}), channel: json };
};

/** conversations.create as Slack documents it: names of 1-80 lowercase letters, numbers, - and _. */
const conversationsCreate: SlackMethod = (params, ctx) => {
  const name = str(params, 'name') ?? '';
  if (name === '') return fail('invalid_name_required');
  if (name.length > 80) return fail('invalid_name_maxlength');
  if (/^[-_]+$/.test(name)) return fail('invalid_name_punctuation');
  if (!/^[a-z0-9_-]+$/.test(name)) return fail('invalid_name_specials');
  // Archived channels keep their names.
  for (const channel of ctx.ws.channels.values()) if (channel.name === name) return fail('name_taken');
  const isPrivate = bool(params, 'is_private');
  const channel = ctx.ws.addChannel(ctx.ws.nextId(isPrivate ? 'G' : 'C'), name, isPrivate);
  return { ok: true, channel: ctx.ws.channelJson(channel) };
};

/** Why one user cannot be invited to `channel`, if they cannot. */
function inviteError(
  ctx: Parameters<SlackMethod>[1],
  channel: SlackChannel,
  user: string,
): string | undefined {
  if (user === BOT_USER_ID) return 'cant_invite_self';
  const known = ctx.ws.users.get(user);
  if (known === undefined) return 'user_not_found';
  if (known.deleted) return 'user_is_deactivated';
  if (channel.members.has(user)) return 'already_in_channel';
  return undefined;
}

/**
 * conversations.invite: 1-1000 users. The caller must be in the channel. When any user fails,
 * nobody is invited and the answer names each failure in `errors` (unless `force` is set, which
 * invites the valid ones and still answers the failures).
 */
const conversationsInvite: SlackMethod = (params, ctx) => {
  const channel = ctx.ws.channels.get(str(params, 'channel') ?? '');
  if (!channel) return fail('channel_not_found');
  if (channel.isIm) return fail('method_not_supported_for_channel_type');
  if (channel.isArchived) return fail('is_archived');
  if (!channel.members.has(BOT_USER_ID)) return fail('not_in_channel');
  const users = (str(params, 'users') ?? '').split(',').filter(Boolean);
  if (users.length === 0) return fail('no_user');
  if (users.length > 1000) return fail('too_many_users');
  const errors = users.flatMap((user) => {
    const error = inviteError(ctx, channel, user);
    return error === undefined ? [] : [{ user, ok: false, error }];
  });
  if (errors.length === 0 || bool(params, 'force')) {
    for (const user of users) if (inviteError(ctx, channel, user) === undefined) channel.members.add(user);
  }
  const [first] = errors;
  if (first) return { ok: false, error: first.error, errors };
  return { ok: true, channel: ctx.ws.channelJson(channel) };
};

/** conversations.archive: a member may archive a channel once; DMs cannot be archived. */
const conversationsArchive: SlackMethod = (params, ctx) => {
  const channel = ctx.ws.channels.get(str(params, 'channel') ?? '');
  if (!channel) return fail('channel_not_found');
  if (channel.isIm) return fail('method_not_supported_for_channel_type');
  if (channel.isArchived) return fail('already_archived');
  if (!channel.members.has(BOT_USER_ID)) return fail('not_in_channel');
  channel.isArchived = true;
  return { ok: true };
};

/** pins.add of a message (`timestamp`) in a channel the caller is in. */
const pinsAdd: SlackMethod = (params, ctx) => {
  const channel = ctx.ws.channels.get(str(params, 'channel') ?? '');
  if (!channel) return fail('channel_not_found');
  if (channel.isArchived) return fail('is_archived');
  if (!channel.isIm && !channel.members.has(BOT_USER_ID)) return fail('not_in_channel');
  const ts = str(params, 'timestamp');
  if (ts === undefined) return fail('no_item_specified');
  if (!channel.messages.some((m) => m.ts === ts)) return fail('message_not_found');
  channel.pins ??= [];
  if (channel.pins.includes(ts)) return fail('already_pinned');
  if (channel.pins.length >= 100) return fail('too_many_pins');
  channel.pins.push(ts);
  return { ok: true };
};

export const slackWriteMethods: Record<string, SlackMethod> = {
  'auth.test': () => ({
    ok: true,
    url: `https://${TEAM_DOMAIN}.slack.com/`,
    team: 'Fake Team',
    user: 'overseer',
    team_id: TEAM_ID,
    user_id: BOT_USER_ID,
    bot_id: BOT_ID,
    app_id: APP_ID,
    is_enterprise_install: false,
  }),
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
  'reactions.add': reactionsAdd,
  'conversations.open': conversationsOpen,
  'conversations.create': conversationsCreate,
  'conversations.invite': conversationsInvite,
  'conversations.archive': conversationsArchive,
  'pins.add': pinsAdd,
  'views.publish': viewsPublish,
  // Without a fake Socket Mode server the URL leads nowhere (this HTTP server refuses the upgrade).
  'apps.connections.open': (_params, ctx) => ({
    ok: true,
    url:
      ctx.socketUrl?.() ?? `${ctx.origin.replace(/^http/, 'ws')}/link/?ticket=fake-ticket&app_id=${APP_ID}`,
  }),
};
