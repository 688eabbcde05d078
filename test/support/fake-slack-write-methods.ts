import { viewsPublish } from './fake-slack-home.js';
import { bool, fail, resolveChannel, type SlackMethod, type SlackParams, str } from './fake-slack-params.js';
import { APP_ID, BOT_ID, BOT_USER_ID, type SlackMessage, TEAM_DOMAIN, TEAM_ID } from './fake-slack-state.js';

function listParam(params: SlackParams, key: string): unknown[] | undefined | 'invalid' {
  const value = params[key];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : 'invalid';
}

/** text/blocks/attachments/metadata of postMessage and update, validated as Slack does. */
function content(params: SlackParams): Partial<SlackMessage> | string {
  const blocks = listParam(params, 'blocks');
  if (blocks === 'invalid') return 'invalid_blocks';
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
  if (!ctx.ws.users.has(user)) return fail('user_not_found');
  const { channel, existed } = ctx.ws.imWith(user);
  const json = bool(params, 'return_im') ? ctx.ws.channelJson(channel) : { id: channel.id };
  return { ok: true, ...(existed ? { no_op: true, already_open: true } : {}), channel: json };
};

const conversationsCreate: SlackMethod = (params, ctx) => {
  const name = str(params, 'name') ?? '';
  if (!/^[a-z0-9_-]{1,80}$/.test(name))
    return fail(name === '' ? 'invalid_name_required' : 'invalid_name_specials');
  for (const channel of ctx.ws.channels.values()) if (channel.name === name) return fail('name_taken');
  const channel = ctx.ws.addChannel(ctx.ws.nextId(bool(params, 'is_private') ? 'G' : 'C'), name);
  channel.isPrivate = bool(params, 'is_private');
  return { ok: true, channel: ctx.ws.channelJson(channel) };
};

const conversationsInvite: SlackMethod = (params, ctx) => {
  const channel = ctx.ws.channels.get(str(params, 'channel') ?? '');
  if (!channel || channel.isIm) return fail('channel_not_found');
  const users = (str(params, 'users') ?? '').split(',').filter(Boolean);
  if (users.length === 0) return fail('no_user');
  if (users.includes(BOT_USER_ID)) return fail('cant_invite_self');
  const unknown = users.find((u) => !ctx.ws.users.has(u));
  if (unknown) return fail('user_not_found');
  if (users.length === 1 && users[0] !== undefined && channel.members.has(users[0])) {
    return fail('already_in_channel');
  }
  for (const user of users) channel.members.add(user);
  return { ok: true, channel: ctx.ws.channelJson(channel) };
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
  'views.publish': viewsPublish,
  // Without a fake Socket Mode server the URL leads nowhere (this HTTP server refuses the upgrade).
  'apps.connections.open': (_params, ctx) => ({
    ok: true,
    url:
      ctx.socketUrl?.() ?? `${ctx.origin.replace(/^http/, 'ws')}/link/?ticket=fake-ticket&app_id=${APP_ID}`,
  }),
};
