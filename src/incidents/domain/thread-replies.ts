/** A person's reply in an incident's thread, as Overseer keeps it on the incident's timeline. */
export interface ThreadReply {
  /** Slack user ID of the author. */
  readonly user: string;
  /** The reply's text as Slack sent it (mrkdwn), cut to REPLY_TEXT_MAX. */
  readonly text: string;
  /** The reply's Slack timestamp: its ID in the channel and when it was sent. */
  readonly ts: string;
}

/** The replies an incident keeps: how many there were, and the latest ones. */
export interface ThreadReplies {
  readonly count: number;
  /** The latest MAX_REPLIES replies, oldest first. */
  readonly recent: readonly ThreadReply[];
}

/** Most replies kept per incident; older ones are dropped (the count still counts them). */
export const MAX_REPLIES = 50;
/** Most characters of a reply's text kept. */
export const REPLY_TEXT_MAX = 500;

/**
 * The replies with `reply` added, cut to REPLY_TEXT_MAX and the latest MAX_REPLIES; unchanged
 * (the same object) when a reply with its `ts` is already kept: Slack's retries and a second
 * replica's delivery count once.
 */
export function addReply(replies: ThreadReplies | undefined, reply: ThreadReply): ThreadReplies {
  const held = replies ?? { count: 0, recent: [] };
  if (held.recent.some((kept) => kept.ts === reply.ts)) return held;
  const text =
    reply.text.length > REPLY_TEXT_MAX ? `${reply.text.slice(0, REPLY_TEXT_MAX - 1)}…` : reply.text;
  const recent = [...held.recent, { user: reply.user, text, ts: reply.ts }]
    .sort((a, b) => Number(a.ts) - Number(b.ts))
    .slice(-MAX_REPLIES);
  return { count: held.count + 1, recent };
}
