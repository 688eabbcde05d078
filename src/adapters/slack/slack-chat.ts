import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Chat } from '../../app/ports.js';

/** Slack message metadata type marking Overseer's incident messages. */
const INCIDENT_EVENT = 'overseer_incident';

/** The error code Slack answered a Web API call with (`channel_not_found`), if it did. */
export function platformError(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const { data } = error as { data?: { error?: unknown } };
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * The Chat port over Slack's Web API. The WebClient honours 429 Retry-After and retries
 * transient failures itself; what still fails is thrown for the caller to keep and retry.
 */
export function createSlackChat(client: WebClient): Chat {
  return {
    async post(message) {
      const result = await client.chat.postMessage({
        channel: message.channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks as KnownBlock[] } : {}),
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        ...(message.incidentId
          ? { metadata: { event_type: INCIDENT_EVENT, event_payload: { incident_id: message.incidentId } } }
          : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!result.ts || !result.channel) throw new Error('chat.postMessage answered without ts or channel');
      return { channel: result.channel, ts: result.ts };
    },

    async update(message) {
      await client.chat.update({
        channel: message.channel,
        ts: message.ts,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks as KnownBlock[] } : {}),
      });
    },

    async findIncidentMessage(channel, incidentId, sinceMs) {
      const result = await client.conversations.history({
        channel,
        oldest: (sinceMs / 1000).toFixed(6),
        include_all_metadata: true,
        limit: 200,
      });
      const found = (result.messages ?? []).find((message) => {
        const metadata = message.metadata as
          | { event_type?: string; event_payload?: { incident_id?: unknown } }
          | undefined;
        return metadata?.event_type === INCIDENT_EVENT && metadata.event_payload?.incident_id === incidentId;
      });
      return found?.ts ? { channel, ts: found.ts } : undefined;
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
      const result = await client.chat.getPermalink({ channel: message.channel, message_ts: message.ts });
      if (!result.permalink) throw new Error('chat.getPermalink answered without a permalink');
      return result.permalink;
    },
  };
}
