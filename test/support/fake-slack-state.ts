/** The fake Slack workspace: users, channels, messages. Only the Web API methods change it. */

export const BOT_USER_ID = 'U0BOT';
export const BOT_ID = 'B0BOT';
export const APP_ID = 'A0OVERSEER';
export const TEAM_ID = 'T0TEAM';
export const TEAM_DOMAIN = 'fake-team';

export interface SlackUser {
  id: string;
  name: string;
  email?: string;
  realName?: string;
  isBot?: boolean;
  deleted?: boolean;
  tz?: string;
}

export interface SlackReaction {
  name: string;
  users: string[];
  count: number;
}

/** A stored message, shaped as conversations.history returns it. */
export interface SlackMessage {
  type: 'message';
  ts: string;
  user: string;
  text: string;
  team: string;
  bot_id?: string;
  app_id?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  subtype?: string;
  edited?: { user: string; ts: string };
  reactions?: SlackReaction[];
  /** Files shared with the message (files.completeUploadExternal). */
  files?: Array<{ id: string; name: string; title: string }>;
}

export interface SlackChannel {
  id: string;
  name: string;
  isIm: boolean;
  isPrivate: boolean;
  /** For a DM: the other person. */
  user?: string;
  members: Set<string>;
  messages: SlackMessage[];
  created: number;
  isArchived?: boolean;
  /** Timestamps of pinned messages, in pin order. */
  pins?: string[];
}

export interface Ephemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  message_ts: string;
}

export class SlackWorkspace {
  readonly users = new Map<string, SlackUser>();
  readonly channels = new Map<string, SlackChannel>();
  readonly usergroups = new Map<string, string[]>();
  readonly homeViews = new Map<string, Record<string, unknown>>();
  readonly ephemerals: Ephemeral[] = [];
  readonly #tsBase: number;
  readonly #now: (() => number) | undefined;
  #tsCounter = 0;
  #idCounter = 0;

  /** With `now` (a test clock), a message's ts tells when it was posted, as on Slack. */
  constructor(tsBase: number, now?: () => number) {
    this.#tsBase = tsBase;
    this.#now = now;
  }

  /** `1700000000.000100`, `1700000000.000200`, …: unique, increasing, same length. */
  nextTs(): string {
    this.#tsCounter += 100;
    let seconds = this.#tsBase + Math.floor(this.#tsCounter / 1_000_000);
    const clock = this.#now === undefined ? undefined : Math.floor(this.#now() / 1000);
    if (clock !== undefined && clock > seconds) {
      // The clock moved on: later messages carry its time (still after every earlier one).
      this.#tsCounter = (clock - this.#tsBase) * 1_000_000 + 100;
      seconds = clock;
    }
    return `${seconds}.${String(this.#tsCounter % 1_000_000).padStart(6, '0')}`;
  }

  nextId(prefix: string): string {
    this.#idCounter += 1;
    return `${prefix}0FAKE${String(this.#idCounter).padStart(4, '0')}`;
  }

  addChannel(id: string, name = id.toLowerCase(), isPrivate = false): SlackChannel {
    const existing = this.channels.get(id);
    if (existing) return existing;
    const channel: SlackChannel = {
      id,
      name,
      isIm: false,
      isPrivate,
      members: new Set([BOT_USER_ID]),
      messages: [],
      created: this.#tsBase,
    };
    this.channels.set(id, channel);
    return channel;
  }

  /** The DM channel between the bot and `userId`, created on first use. */
  imWith(userId: string): { channel: SlackChannel; existed: boolean } {
    for (const channel of this.channels.values()) {
      if (channel.isIm && channel.user === userId) return { channel, existed: true };
    }
    const id = `D${userId.slice(1)}`;
    const channel: SlackChannel = {
      id,
      name: id,
      isIm: true,
      isPrivate: true,
      user: userId,
      members: new Set([BOT_USER_ID, userId]),
      messages: [],
      created: this.#tsBase,
    };
    this.channels.set(id, channel);
    return { channel, existed: false };
  }

  /** Top-level messages (and thread replies broadcast to the channel), oldest first. */
  topLevel(channel: SlackChannel): SlackMessage[] {
    return channel.messages.filter(
      (m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === 'thread_broadcast',
    );
  }

  /** The parent and its replies, oldest first; `undefined` when no message has that ts. */
  thread(channel: SlackChannel, ts: string): SlackMessage[] | undefined {
    const parent = channel.messages.find((m) => m.ts === ts);
    if (!parent) return undefined;
    const root = parent.thread_ts ?? parent.ts;
    return channel.messages.filter((m) => m.ts === root || m.thread_ts === root);
  }

  /** Stores a message; a reply updates its parent's reply_count, reply_users and latest_reply. */
  post(channel: SlackChannel, message: SlackMessage): SlackMessage {
    channel.messages.push(message);
    if (message.thread_ts === undefined || message.thread_ts === message.ts) return message;
    const parent = channel.messages.find((m) => m.ts === message.thread_ts);
    if (!parent) return message;
    parent.thread_ts = parent.ts;
    parent.reply_count = (parent.reply_count ?? 0) + 1;
    parent.reply_users = [...new Set([...(parent.reply_users ?? []), message.user])];
    parent.reply_users_count = parent.reply_users.length;
    parent.latest_reply = message.ts;
    message.parent_user_id = parent.user;
    return message;
  }

  userJson(user: SlackUser): Record<string, unknown> {
    const realName = user.realName ?? user.name;
    return {
      id: user.id,
      team_id: TEAM_ID,
      name: user.name,
      deleted: user.deleted ?? false,
      real_name: realName,
      tz: user.tz ?? 'Europe/London',
      is_bot: user.isBot ?? false,
      is_app_user: false,
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: user.name,
        display_name_normalized: user.name,
        ...(user.email === undefined ? {} : { email: user.email }),
        team: TEAM_ID,
      },
    };
  }

  channelJson(channel: SlackChannel): Record<string, unknown> {
    return {
      id: channel.id,
      name: channel.name,
      is_channel: !channel.isIm && !channel.isPrivate,
      is_group: !channel.isIm && channel.isPrivate,
      is_im: channel.isIm,
      is_private: channel.isPrivate,
      is_member: channel.members.has(BOT_USER_ID),
      is_archived: channel.isArchived ?? false,
      created: channel.created,
      creator: BOT_USER_ID,
      ...(channel.user === undefined ? {} : { user: channel.user }),
    };
  }
}
