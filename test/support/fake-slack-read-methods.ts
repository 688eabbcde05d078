import {
  fail,
  resolveChannel,
  type SlackMethod,
  type SlackParams,
  type SlackResult,
  str,
} from './fake-slack-params.js';
import type { SlackMessage } from './fake-slack-state.js';

/** Cursor pagination as Slack does it: an opaque `next_cursor`, empty on the last page. */
function page(messages: SlackMessage[], params: SlackParams, defaultLimit: number): SlackResult {
  const limit = Number(str(params, 'limit') ?? defaultLimit) || defaultLimit;
  const cursor = str(params, 'cursor');
  let offset = 0;
  if (cursor) {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
    if (!decoded) return fail('invalid_cursor');
    offset = Number(decoded[1]);
  }
  // Message metadata comes back only when asked for: `include_all_metadata`, default false
  // (https://docs.slack.dev/reference/methods/conversations.history#args).
  const withMetadata =
    str(params, 'include_all_metadata') === 'true' || str(params, 'include_all_metadata') === '1';
  const slice = messages.slice(offset, offset + limit).map((m) => {
    const { metadata, ...rest } = structuredClone(m);
    return withMetadata && metadata !== undefined ? { ...rest, metadata } : rest;
  });
  const hasMore = offset + limit < messages.length;
  const nextCursor = hasMore ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '';
  return {
    ok: true,
    messages: slice,
    has_more: hasMore,
    response_metadata: { next_cursor: nextCursor },
  };
}

/** `oldest`/`latest` bounds, exclusive unless `inclusive`. Timestamps compare as numbers. */
function inRange(params: SlackParams): (m: SlackMessage) => boolean {
  const oldest = str(params, 'oldest');
  const latest = str(params, 'latest');
  const inclusive = str(params, 'inclusive') === 'true' || str(params, 'inclusive') === '1';
  return (m) => {
    const ts = Number(m.ts);
    if (oldest !== undefined && (inclusive ? ts < Number(oldest) : ts <= Number(oldest))) return false;
    if (latest !== undefined && (inclusive ? ts > Number(latest) : ts >= Number(latest))) return false;
    return true;
  };
}

const history: SlackMethod = (params, ctx) => {
  const channel = resolveChannel(ctx, str(params, 'channel'));
  if (!channel) return fail('channel_not_found');
  const newestFirst = ctx.ws.topLevel(channel).filter(inRange(params)).reverse();
  return page(newestFirst, params, 100);
};

const replies: SlackMethod = (params, ctx) => {
  const channel = resolveChannel(ctx, str(params, 'channel'));
  if (!channel) return fail('channel_not_found');
  const ts = str(params, 'ts');
  const thread = ts === undefined ? undefined : ctx.ws.thread(channel, ts);
  if (!thread) return fail('thread_not_found');
  const [parent, ...rest] = thread;
  const within = inRange(params);
  return page(parent ? [parent, ...rest.filter(within)] : [], params, 1000);
};

const usersInfo: SlackMethod = (params, ctx) => {
  const user = ctx.ws.users.get(str(params, 'user') ?? '');
  return user ? { ok: true, user: ctx.ws.userJson(user) } : fail('user_not_found');
};

const lookupByEmail: SlackMethod = (params, ctx) => {
  const email = str(params, 'email')?.toLowerCase();
  for (const user of ctx.ws.users.values()) {
    if (email !== undefined && user.email?.toLowerCase() === email)
      return { ok: true, user: ctx.ws.userJson(user) };
  }
  return fail('users_not_found');
};

const usergroupUsers: SlackMethod = (params, ctx) => {
  const users = ctx.ws.usergroups.get(str(params, 'usergroup') ?? '');
  return users ? { ok: true, users: [...users] } : fail('no_such_subteam');
};

export const slackReadMethods: Record<string, SlackMethod> = {
  'conversations.history': history,
  'conversations.replies': replies,
  'users.info': usersInfo,
  'users.lookupByEmail': lookupByEmail,
  'usergroups.users.list': usergroupUsers,
};
