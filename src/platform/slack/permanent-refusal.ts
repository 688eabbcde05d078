import { platformError } from './platform-error.js';

/**
 * Errors that concern one message and that no retry mends, per Web API method, from the error
 * tables Slack documents for each:
 * - https://docs.slack.dev/reference/methods/chat.postMessage
 * - https://docs.slack.dev/reference/methods/chat.update
 * - https://docs.slack.dev/reference/methods/conversations.open
 * - https://docs.slack.dev/reference/methods/chat.getPermalink
 *
 * Not listed, hence retried with back-off: the transient ones (`ratelimited`, `internal_error`,
 * `fatal_error`, `service_unavailable`, `request_timeout`, `team_added_to_org`, HTTP 5xx,
 * timeouts, network errors) and those of the whole workspace (`invalid_auth`, `token_revoked`,
 * `account_inactive`, `missing_scope`, ...), which would refuse every item alike: holding the
 * outbox then loses nothing, and it moves again once the token or scope is mended.
 */
const PERMANENT: Readonly<Record<string, ReadonlySet<string>>> = {
  'chat.postMessage': new Set([
    'channel_not_found',
    'is_archived',
    'not_in_channel',
    'msg_too_long',
    'no_text',
    'invalid_blocks',
    'invalid_blocks_format',
    'invalid_metadata_format',
    'invalid_metadata_schema',
    'metadata_too_large',
    'too_many_attachments',
    'attachment_payload_limit_exceeded',
    'thread_not_found',
    'cannot_reply_to_message',
    'restricted_action',
    'restricted_action_read_only_channel',
    'restricted_action_thread_only_channel',
    'restricted_action_non_threadable_channel',
    'restricted_action_thread_locked',
    'ekm_access_denied',
    'messages_tab_disabled',
    'team_access_not_granted',
    'user_not_found',
    'user_disabled',
    'cannot_dm_bot',
  ]),
  'chat.update': new Set([
    'message_not_found',
    'channel_not_found',
    'is_archived',
    'not_in_channel',
    'cant_update_message',
    'edit_window_closed',
    'msg_too_long',
    'no_text',
    'invalid_blocks',
    'invalid_blocks_format',
    'too_many_attachments',
    'restricted_action',
    'ekm_access_denied',
  ]),
  'conversations.open': new Set([
    'user_not_found',
    'user_not_visible',
    'user_disabled',
    'cannot_dm_bot',
    'channel_not_found',
    'not_enough_users',
    'too_many_users',
    'users_list_not_supplied',
  ]),
  'chat.getPermalink': new Set(['channel_not_found', 'message_not_found']),
};

/** Slack's error code when `error` is a refusal of `method` that no retry mends; else undefined. */
export function permanentRefusal(method: string, error: unknown): string | undefined {
  const code = platformError(error);
  if (code === undefined) return undefined;
  return PERMANENT[method]?.has(code) ? code : undefined;
}
