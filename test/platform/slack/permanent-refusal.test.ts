import { describe, expect, it } from 'vitest';
import { permanentRefusal } from '../../../src/platform/slack/permanent-refusal.js';

/** What @slack/web-api throws for `{ ok: false, error }`. */
const platform = (error: string) =>
  Object.assign(new Error(`An API error occurred: ${error}`), { data: { ok: false, error } });

describe('permanentRefusal: Slack’s documented errors, method by method', () => {
  it.each([
    ['chat.update', 'message_not_found'],
    ['chat.update', 'cant_update_message'],
    ['chat.postMessage', 'channel_not_found'],
    ['chat.postMessage', 'is_archived'],
    ['chat.postMessage', 'not_in_channel'],
    ['chat.postMessage', 'msg_too_long'],
    ['chat.postMessage', 'invalid_blocks'],
    ['conversations.open', 'user_not_found'],
    ['conversations.open', 'user_disabled'],
    ['conversations.open', 'cannot_dm_bot'],
    ['chat.getPermalink', 'message_not_found'],
  ])('%s answered %s is final', (method, code) => {
    expect(permanentRefusal(method, platform(code))).toBe(code);
  });

  it.each([
    ['chat.postMessage', 'ratelimited'],
    ['chat.postMessage', 'internal_error'],
    ['chat.update', 'fatal_error'],
    ['chat.update', 'service_unavailable'],
    ['conversations.open', 'request_timeout'],
    ['chat.postMessage', 'invalid_auth'],
    ['chat.postMessage', 'missing_scope'],
    // Not documented for that method: not taken as final.
    ['chat.postMessage', 'message_not_found'],
  ])('%s answered %s is retried', (method, code) => {
    expect(permanentRefusal(method, platform(code))).toBeUndefined();
  });

  it('an HTTP error or a network error is retried', () => {
    expect(
      permanentRefusal('chat.update', Object.assign(new Error('HTTP 500'), { statusCode: 500 })),
    ).toBeUndefined();
    expect(permanentRefusal('chat.update', new Error('ECONNRESET'))).toBeUndefined();
  });
});
