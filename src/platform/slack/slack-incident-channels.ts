import type { WebClient } from '@slack/web-api';
import { ChannelRefusedError, type IncidentChannels } from '../../core/ports.js';
import { platformError } from './slack-chat.js';

/**
 * Answers to conversations.invite about one person, not the call: the invitation of the others
 * still stands. Slack refuses a whole call when one person fails, naming each in `errors`.
 */
const PASSED_OVER = new Set([
  'already_in_channel',
  'cant_invite_self',
  'cant_invite',
  'user_not_found',
  'user_is_deactivated',
  'user_is_bot',
  'user_is_restricted',
  'user_is_ultra_restricted',
]);

/** Answers no retry mends: the scope is not granted, the workspace forbids it, the channel is gone. */
const REFUSALS = new Set([
  'missing_scope',
  'not_allowed_token_type',
  'no_permission',
  'restricted_action',
  'ekm_access_denied',
  'team_access_not_granted',
  'is_archived',
  'channel_not_found',
  'not_in_channel',
  'method_not_supported_for_channel_type',
  'invalid_name_required',
  'invalid_name_specials',
  'invalid_name_punctuation',
  'invalid_name_maxlength',
  'invalid_name',
]);

/** A refusal no retry mends as ChannelRefusedError; anything else as it came. */
function refusal(error: unknown): unknown {
  const code = platformError(error);
  return code !== undefined && REFUSALS.has(code) ? new ChannelRefusedError(code) : error;
}

/** The per-person failures of a refused conversations.invite, when Slack named them. */
function failedUsers(error: unknown): { user: string; error: string }[] | undefined {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const { data } = error as { data?: { errors?: unknown } };
  if (!Array.isArray(data?.errors)) return undefined;
  return data.errors.flatMap((entry: { user?: unknown; error?: unknown }) =>
    typeof entry.user === 'string' && typeof entry.error === 'string'
      ? [{ user: entry.user, error: entry.error }]
      : [],
  );
}

/** The IncidentChannels port over Slack's Web API (scopes `channels:manage` and `pins:write`). */
export function createSlackIncidentChannels(client: WebClient): IncidentChannels {
  const invite = async (channel: string, users: readonly string[]): Promise<readonly string[]> => {
    if (users.length === 0) return [];
    try {
      await client.conversations.invite({ channel, users: users.join(',') });
      return [];
    } catch (error) {
      const code = platformError(error);
      if (code === undefined || !PASSED_OVER.has(code)) throw refusal(error);
      if (users.length === 1) return users;
      // Slack invited nobody: invite the rest again without those it named (one by one when it
      // named none), so one person already in never keeps the others out.
      const named = failedUsers(error);
      if (named === undefined || named.length === 0) {
        const skipped: string[] = [];
        for (const user of users) skipped.push(...(await invite(channel, [user])));
        return skipped;
      }
      if (named.some((failure) => !PASSED_OVER.has(failure.error))) throw refusal(error);
      const skipped = named.map((failure) => failure.user);
      const rest = users.filter((user) => !skipped.includes(user));
      return [...skipped, ...(await invite(channel, rest))];
    }
  };
  return {
    async create(name) {
      try {
        const result = await client.conversations.create({ name, is_private: false });
        if (!result.channel?.id) throw new Error('conversations.create answered without a channel ID');
        return { kind: 'created', id: result.channel.id };
      } catch (error) {
        if (platformError(error) === 'name_taken') return { kind: 'taken' };
        throw refusal(error);
      }
    },
    invite,
    async pin(message) {
      try {
        await client.pins.add({ channel: message.channel, timestamp: message.ts });
      } catch (error) {
        if (platformError(error) !== 'already_pinned') throw refusal(error);
      }
    },
    async archive(channel) {
      try {
        await client.conversations.archive({ channel });
        return 'archived';
      } catch (error) {
        const code = platformError(error);
        if (code === 'already_archived') return 'archived';
        if (code === 'not_in_channel' || code === 'channel_not_found') return code;
        throw refusal(error);
      }
    },
  };
}
