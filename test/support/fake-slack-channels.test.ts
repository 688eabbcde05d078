import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_USER_ID, type FakeSlack, startFakeSlack } from './fake-slack.js';

const TOKEN = 'xoxb-test-token';

/** Slack's error code of a refused call, or 'ok'. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error ?? String(error);
  }
}

describe('fake Slack: channels of their own, as Slack documents them', () => {
  let slack: FakeSlack;
  let client: WebClient;

  beforeEach(async () => {
    slack = await startFakeSlack({ botToken: TOKEN, tsBase: 1_700_000_000 });
    slack.addUser({ id: 'U0ALICE', name: 'alice' });
    slack.addUser({ id: 'U0BOB', name: 'bob' });
    slack.addUser({ id: 'U0GONE', name: 'gone', deleted: true });
    client = new WebClient(TOKEN, {
      slackApiUrl: slack.url,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
    });
  });

  afterEach(async () => {
    await slack.close();
  });

  it.each([
    ['', 'invalid_name_required'],
    ['a'.repeat(81), 'invalid_name_maxlength'],
    ['--', 'invalid_name_punctuation'],
    ['CI-Widgets', 'invalid_name_specials'],
    ['ci widgets', 'invalid_name_specials'],
    ['a'.repeat(80), 'ok'],
  ])('conversations.create %j answers %s', async (name, expected) => {
    expect(await outcome(client.conversations.create({ name }))).toBe(expected);
  });

  it('creates a channel the bot is in, and refuses its name again even once archived', async () => {
    const created = await client.conversations.create({ name: 'ci-widgets-1' });
    const id = String(created.channel?.id);
    expect(created.channel).toMatchObject({ name: 'ci-widgets-1', is_channel: true, is_member: true });
    expect(await outcome(client.conversations.archive({ channel: id }))).toBe('ok');
    expect(await outcome(client.conversations.archive({ channel: id }))).toBe('already_archived');
    expect(await outcome(client.conversations.create({ name: 'ci-widgets-1' }))).toBe('name_taken');
    expect(await outcome(client.chat.postMessage({ channel: id, text: 'late' }))).toBe('is_archived');
    expect(slack.createdChannels()).toMatchObject([{ id, name: 'ci-widgets-1', isArchived: true }]);
  });

  it('invites nobody when one user fails, naming each failure; force invites the valid ones', async () => {
    const id = String((await client.conversations.create({ name: 'ci-widgets-2' })).channel?.id);
    await client.conversations.invite({ channel: id, users: 'U0ALICE' });
    const refused = await client.conversations
      .invite({ channel: id, users: 'U0ALICE,U0BOB' })
      .catch((e) => e);
    expect(refused.data).toMatchObject({
      ok: false,
      error: 'already_in_channel',
      errors: [{ user: 'U0ALICE', ok: false, error: 'already_in_channel' }],
    });
    expect(slack.members(id)).toEqual(['U0ALICE']);
    expect(await outcome(client.conversations.invite({ channel: id, users: `${BOT_USER_ID}` }))).toBe(
      'cant_invite_self',
    );
    expect(await outcome(client.conversations.invite({ channel: id, users: 'U0GONE' }))).toBe(
      'user_is_deactivated',
    );
    expect(await outcome(client.conversations.invite({ channel: id, users: 'U0NOBODY' }))).toBe(
      'user_not_found',
    );
    await client.conversations
      .invite({ channel: id, users: 'U0ALICE,U0BOB', force: true })
      .catch(() => undefined);
    expect(slack.members(id).sort()).toEqual(['U0ALICE', 'U0BOB']);
  });

  it('refuses more than 1000 users and unknown channels', async () => {
    const id = String((await client.conversations.create({ name: 'ci-other' })).channel?.id);
    const users = Array.from({ length: 1001 }, (_, i) => `U${i}`).join(',');
    expect(await outcome(client.conversations.invite({ channel: id, users }))).toBe('too_many_users');
    expect(await outcome(client.conversations.invite({ channel: 'C0NOPE', users: 'U0BOB' }))).toBe(
      'channel_not_found',
    );
  });

  it('pins a message once, in a channel the bot is in', async () => {
    const id = String((await client.conversations.create({ name: 'ci-widgets-3' })).channel?.id);
    const posted = await client.chat.postMessage({ channel: id, text: 'summary' });
    const ts = String(posted.ts);
    expect(await outcome(client.pins.add({ channel: id, timestamp: ts }))).toBe('ok');
    expect(await outcome(client.pins.add({ channel: id, timestamp: ts }))).toBe('already_pinned');
    expect(await outcome(client.pins.add({ channel: id, timestamp: '1.000001' }))).toBe('message_not_found');
    expect(slack.createdChannels()[0]?.pins).toEqual([ts]);
  });
});
