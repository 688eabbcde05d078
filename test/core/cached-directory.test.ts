import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedDirectory } from '../../src/core/cached-directory.js';
import type { Chat } from '../../src/core/ports.js';
import { createSlackChat } from '../../src/platform/slack/slack-chat.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';

const MINUTE = 60_000;

describe('cached directory (user lookups by e-mail, user-group members)', () => {
  let slack: FakeSlack;
  let now: number;
  let chat: Chat;
  const clock = { now: () => now };
  const lookups = () => slack.callsTo('users.lookupByEmail').length;
  const groupReads = () => slack.callsTo('usergroups.users.list').length;

  beforeEach(async () => {
    now = Date.UTC(2026, 10, 2, 9);
    slack = await startFakeSlack();
    slack.addUser({ id: 'U0ALICE', name: 'alice', email: 'alice@acme.test' });
    slack.addUsergroup('S0LEADS', ['U0ALICE']);
    const client = new WebClient('xoxb-test', {
      slackApiUrl: slack.url,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
    });
    chat = cachedDirectory(createSlackChat(client), clock, {
      emailTtlMs: 60 * MINUTE,
      usergroupTtlMs: 5 * MINUTE,
      maxEntries: 3,
    });
  });

  afterEach(async () => {
    await slack.close();
  });

  it('a burst of lookups of one address asks Slack once an hour', async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, () => chat.userIdByEmail('alice@acme.test')));
    expect(new Set(burst)).toEqual(new Set(['U0ALICE']));
    now += 59 * MINUTE;
    expect(await chat.userIdByEmail('alice@acme.test')).toBe('U0ALICE');
    expect(lookups()).toBe(1);
    now += 2 * MINUTE;
    expect(await chat.userIdByEmail('alice@acme.test')).toBe('U0ALICE');
    expect(lookups()).toBe(2);
  });

  it('remembers that nobody has an address (users_not_found) for the hour too', async () => {
    for (let i = 0; i < 5; i++) expect(await chat.userIdByEmail('nobody@acme.test')).toBeUndefined();
    expect(slack.callsTo('users.lookupByEmail')).toMatchObject([{ error: 'users_not_found' }]);
    now += 61 * MINUTE;
    expect(await chat.userIdByEmail('nobody@acme.test')).toBeUndefined();
    expect(lookups()).toBe(2);
  });

  it('does not remember an error: the next lookup asks again', async () => {
    slack.failNext('users.lookupByEmail', { error: 'internal_error' });
    await expect(chat.userIdByEmail('alice@acme.test')).rejects.toMatchObject({
      data: { error: 'internal_error' },
    });
    expect(await chat.userIdByEmail('alice@acme.test')).toBe('U0ALICE');
    expect(await chat.userIdByEmail('alice@acme.test')).toBe('U0ALICE');
    expect(lookups()).toBe(2);
  });

  it('holds at most maxEntries addresses, the least recently used dropped first', async () => {
    for (const who of ['a', 'b', 'c']) await chat.userIdByEmail(`${who}@acme.test`);
    await chat.userIdByEmail('a@acme.test'); // a is used again: b is now the oldest
    await chat.userIdByEmail('d@acme.test'); // drops b
    expect(lookups()).toBe(4);
    await chat.userIdByEmail('a@acme.test');
    await chat.userIdByEmail('c@acme.test');
    expect(lookups()).toBe(4);
    await chat.userIdByEmail('b@acme.test');
    expect(lookups()).toBe(5);
  });

  it('reads a user group once per five minutes, and each caller gets its own copy', async () => {
    const first = await chat.usergroupMembers('S0LEADS');
    first.push('U0INTRUDER');
    expect(await chat.usergroupMembers('S0LEADS')).toEqual(['U0ALICE']);
    expect(groupReads()).toBe(1);
    slack.addUsergroup('S0LEADS', ['U0ALICE', 'U0BOB']);
    now += 6 * MINUTE;
    expect(await chat.usergroupMembers('S0LEADS')).toEqual(['U0ALICE', 'U0BOB']);
    expect(groupReads()).toBe(2);
  });

  it('does not remember a group Slack could not read', async () => {
    slack.failNext('usergroups.users.list', { error: 'internal_error' });
    await expect(chat.usergroupMembers('S0LEADS')).rejects.toThrow();
    expect(await chat.usergroupMembers('S0LEADS')).toEqual(['U0ALICE']);
    expect(groupReads()).toBe(2);
  });

  it('passes every other call through', async () => {
    slack.addChannel('C0INCIDENTS');
    const posted = await chat.post({ channel: 'C0INCIDENTS', text: 'red' });
    expect(slack.messages('C0INCIDENTS').map((m) => m.text)).toEqual(['red']);
    expect(await chat.permalink(posted)).toContain('C0INCIDENTS');
  });
});
