import type { ThreadReply } from '../../../incidents/domain/thread-replies.js';
import type { ThreadIncident } from '../../../incidents/find-thread-incident.js';
import type { ListenerApp } from '../listener-router.js';
import type { SlackBotEvent } from '../slack-surface.js';

export interface ThreadReplyDeps {
  /** The incident whose message is `threadTs` in `channel`, if it is one. */
  readonly threadIncident: (channel: string, threadTs: string) => Promise<ThreadIncident | undefined>;
  /** Puts a reply on the incident's timeline. */
  readonly recordReply: (found: ThreadIncident, reply: ThreadReply) => Promise<unknown>;
}

/**
 * The subscriptions declared in the Slack surface, and the `channel_type` each reaches Bolt with
 * (as a `message` event): public channels and private ones.
 */
const CHANNEL_TYPES = {
  'message.channels': 'channel',
  'message.groups': 'group',
} as const satisfies Partial<Record<SlackBotEvent, string>>;
const KEPT: ReadonlySet<string> = new Set(Object.values(CHANNEL_TYPES));

/** The human thread reply in a `message` event, or undefined for anything else. */
export function humanThreadReply(event: {
  readonly channel_type?: string | undefined;
  readonly subtype?: string | undefined;
  readonly thread_ts?: string | undefined;
  readonly ts: string;
  readonly user?: string | undefined;
  readonly text?: string | undefined;
}): (ThreadReply & { readonly channel_type: string; readonly thread_ts: string }) | undefined {
  const { channel_type: type, thread_ts: threadTs, user } = event;
  if (type === undefined || !KEPT.has(type) || event.subtype !== undefined || 'bot_id' in event)
    return undefined;
  if (threadTs === undefined || threadTs === event.ts || user === undefined) return undefined;
  return { user, text: event.text ?? '', ts: event.ts, channel_type: type, thread_ts: threadTs };
}

/**
 * People's replies in an incident message's thread go on the incident's timeline. Everything
 * else from channels is dropped unread: top-level messages, replies in other threads, edits,
 * deletions and other subtypes, bots (Overseer included). Nothing is answered here.
 */
export function registerThreadReplyListener(app: ListenerApp, deps: ThreadReplyDeps): void {
  app.event('message', async ({ event }) => {
    // Narrows to a person's plain message; DMs (channel_type im) are the DM listener's.
    if (event.subtype !== undefined || 'bot_id' in event) return;
    const reply = humanThreadReply(event);
    if (reply === undefined) return;
    const found = await deps.threadIncident(event.channel, reply.thread_ts);
    if (found === undefined) return;
    await deps.recordReply(found, { user: reply.user, text: reply.text, ts: reply.ts });
  });
}
