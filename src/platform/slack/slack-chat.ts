import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { DeliveryRefusedError } from '../../core/delivery-refused.js';
import type { Chat, ChatMessage, DeliveryTag, PostedMessage } from '../../core/ports.js';
import { permanentRefusal } from './permanent-refusal.js';
import { platformError } from './platform-error.js';

export { platformError };

/** Slack message metadata type marking Overseer's incident messages. */
const INCIDENT_EVENT = 'overseer_incident';

/**
 * Runs one Web API call; a refusal Slack documents as final for `method` is thrown as a
 * DeliveryRefusedError (the outbox sets the item aside), anything else as it came (retried).
 */
export async function refusing<T>(method: string, channel: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = permanentRefusal(method, error);
    if (code !== undefined) throw new DeliveryRefusedError(method, code, channel);
    throw error;
  }
}

/** The metadata an incident's message carries: its incident, and the delivery that sent it, if told. */
function incidentMetadata(incidentId: string, delivery: string | undefined) {
  const payload = { incident_id: incidentId, ...(delivery === undefined ? {} : { delivery }) };
  return { event_type: INCIDENT_EVENT, event_payload: payload };
}

/**
 * The bot's DM with `user`, opened first (conversations.open): Slack names a user it will never
 * let the bot DM (`user_not_found`, `user_disabled`, `cannot_dm_bot`) before anything is posted.
 * Undefined for a workspace that installed Overseer before it asked for `im:write`
 * (`missing_scope`): the DM then goes the way it always did, chat.postMessage to the user ID (the
 * app's Messages tab, chat:write only; https://docs.slack.dev/reference/methods/chat.postMessage#channels),
 * so an upgrade without a reinstall never holds DMs, nor the work queued behind them.
 */
async function openDm(client: WebClient, user: string): Promise<string | undefined> {
  const opened = await refusing('conversations.open', user, () =>
    client.conversations.open({ users: user }),
  ).catch((error: unknown) => {
    if (platformError(error) === 'missing_scope') return undefined;
    throw error;
  });
  if (opened === undefined) return undefined;
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open answered without a channel');
  return channel;
}

type TagPayload = { readonly incident_id?: unknown; readonly delivery?: unknown };

const sameTag = (tag: DeliveryTag) => (payload: TagPayload) =>
  payload.incident_id === tag.incidentId && payload.delivery === tag.delivery;

/**
 * The ts of the newest message since `sinceMs` whose Overseer incident metadata `matches`: among
 * the channel's top-level messages, or a thread's replies. Metadata comes back only when asked for
 * (`include_all_metadata`, https://docs.slack.dev/reference/methods/conversations.history and
 * https://docs.slack.dev/reference/methods/conversations.replies).
 */
async function findTagged(
  client: WebClient,
  where: { readonly channel: string; readonly thread?: string },
  sinceMs: number,
  matches: (payload: TagPayload) => boolean,
): Promise<string | undefined> {
  const asked = { channel: where.channel, oldest: (sinceMs / 1000).toFixed(6), include_all_metadata: true };
  // History answers newest first; a thread answers its parent, then its replies oldest first.
  const messages =
    where.thread === undefined
      ? ((await client.conversations.history({ ...asked, limit: 200 })).messages ?? [])
      : ((await client.conversations.replies({ ...asked, ts: where.thread, limit: 200 })).messages ?? [])
          .filter((message) => message.ts !== where.thread)
          .reverse();
  const found = messages.find((message) => {
    const metadata = message.metadata as { event_type?: string; event_payload?: TagPayload } | undefined;
    return metadata?.event_type === INCIDENT_EVENT && matches(metadata.event_payload ?? {});
  });
  return found?.ts;
}

/**
 * The Chat port over Slack's Web API. The WebClient honours 429 Retry-After and retries
 * transient failures itself; what still fails is thrown for the caller to keep and retry.
 */
export function createSlackChat(client: WebClient): Chat {
  const post = async (message: ChatMessage): Promise<PostedMessage> => {
    const result = await refusing('chat.postMessage', message.channel, () =>
      client.chat.postMessage({
        channel: message.channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks as KnownBlock[] } : {}),
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        ...(message.incidentId ? { metadata: incidentMetadata(message.incidentId, message.delivery) } : {}),
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    if (!result.ts || !result.channel) throw new Error('chat.postMessage answered without ts or channel');
    return { channel: result.channel, ts: result.ts };
  };
  return {
    post,

    async dm(user, message) {
      const channel = await openDm(client, user);
      return post({ ...message, channel: channel ?? user });
    },

    async findDm(user, tag, sinceMs) {
      const channel = await openDm(client, user);
      // Without im:write the DM went to the user ID; its history is not Slack's to show that way.
      if (channel === undefined) throw new Error('DM history unreadable without im:write');
      const found = await findTagged(client, { channel }, sinceMs, sameTag(tag));
      return found ? { channel, ts: found } : undefined;
    },

    async findReply(root, tag, sinceMs) {
      const found = await findTagged(
        client,
        { channel: root.channel, thread: root.ts },
        sinceMs,
        sameTag(tag),
      );
      return found ? { channel: root.channel, ts: found } : undefined;
    },

    async update(message) {
      await refusing('chat.update', message.channel, () =>
        client.chat.update({
          channel: message.channel,
          ts: message.ts,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks as KnownBlock[] } : {}),
        }),
      );
    },

    async findIncidentMessage(channel, incident, sinceMs) {
      const matches = typeof incident === 'string' ? (id: string) => id === incident : incident;
      const found = await findTagged(client, { channel }, sinceMs, (payload) => {
        return typeof payload.incident_id === 'string' && matches(payload.incident_id);
      });
      return found ? { channel, ts: found } : undefined;
    },

    async userIdByEmail(email) {
      try {
        const result = await client.users.lookupByEmail({ email });
        return result.user?.id;
      } catch (error) {
        if (platformError(error) === 'users_not_found') return undefined;
        throw error;
      }
    },

    async ephemeral(channel, user, text) {
      await client.chat.postEphemeral({ channel, user, text });
    },

    async usergroupMembers(usergroup) {
      const result = await client.usergroups.users.list({ usergroup });
      return result.users ?? [];
    },

    async permalink(message) {
      const result = await refusing('chat.getPermalink', message.channel, () =>
        client.chat.getPermalink({ channel: message.channel, message_ts: message.ts }),
      );
      if (!result.permalink) throw new Error('chat.getPermalink answered without a permalink');
      return result.permalink;
    },
  };
}
