import { App } from '@slack/bolt';
import {
  ErrorCode,
  type KnownBlock,
  LogLevel,
  retryPolicies,
  WebAPIPlatformError,
  WebClient,
} from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';

const TOKEN = 'xoxb-test-token';

describe('fake Slack through the real WebClient', () => {
  let slack: FakeSlack;
  let client: WebClient;

  beforeEach(async () => {
    slack = await startFakeSlack({ botToken: TOKEN, tsBase: 1_700_000_000 });
    slack.addChannel('C0INCIDENTS');
    slack.addUser({ id: 'U0ALICE', name: 'alice', email: 'alice@example.com' });
    client = new WebClient(TOKEN, {
      slackApiUrl: slack.url,
      logLevel: LogLevel.ERROR,
      retryConfig: retryPolicies.rapidRetryPolicy,
    });
  });

  afterEach(async () => {
    await slack.close();
  });

  it('posts, updates and reads back a thread with its blocks', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: ':red_circle: CI is red' } }];
    const parent = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'CI is red', blocks });
    expect(parent.ts).toBe('1700000000.000100');
    expect(parent.message?.blocks).toEqual(blocks);
    const reply = await client.chat.postMessage({
      channel: 'C0INCIDENTS',
      text: 'details',
      thread_ts: String(parent.ts),
    });
    expect(reply.message?.thread_ts).toBe(parent.ts);
    expect(Number(reply.ts)).toBeGreaterThan(Number(parent.ts));

    await client.chat.update({
      channel: 'C0INCIDENTS',
      ts: String(parent.ts),
      text: 'CI recovered',
      blocks: [],
    });

    const replies = await client.conversations.replies({ channel: 'C0INCIDENTS', ts: String(parent.ts) });
    expect(replies.messages?.map((m) => m.text)).toEqual(['CI recovered', 'details']);
    expect(replies.messages?.[0]?.reply_count).toBe(1);
    const history = await client.conversations.history({ channel: 'C0INCIDENTS' });
    expect(history.messages?.map((m) => m.ts)).toEqual([parent.ts]);
    expect(slack.messages('C0INCIDENTS')[0]).toMatchObject({ text: 'CI recovered', blocks: [] });
    expect(slack.thread('C0INCIDENTS', String(parent.ts)).map((m) => m.text)).toEqual([
      'CI recovered',
      'details',
    ]);
    expect(slack.callsTo('chat.postMessage')[0]?.params.blocks).toEqual(blocks);
  });

  it('pages conversations.history newest first with Slack cursors', async () => {
    for (const text of ['one', 'two', 'three'])
      await client.chat.postMessage({ channel: 'C0INCIDENTS', text });
    const first = await client.conversations.history({ channel: 'C0INCIDENTS', limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['three', 'two']);
    expect(first.has_more).toBe(true);
    const cursor = String(first.response_metadata?.next_cursor);
    const second = await client.conversations.history({ channel: 'C0INCIDENTS', limit: 2, cursor });
    expect(second.messages?.map((m) => m.text)).toEqual(['one']);
    expect(second.has_more).toBe(false);
  });

  it('shows message metadata in conversations.history only when include_all_metadata asks for it', async () => {
    const metadata = { event_type: 'overseer_incident', event_payload: { incident_id: 'i1' } };
    await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'CI is red', metadata });
    const plain = await client.conversations.history({ channel: 'C0INCIDENTS' });
    expect(plain.messages?.[0]?.metadata).toBeUndefined();
    const asked = await client.conversations.history({ channel: 'C0INCIDENTS', include_all_metadata: true });
    expect(asked.messages?.[0]?.metadata).toEqual(metadata);
  });

  it('waits out a 429 for the Retry-After the fake sent, then succeeds', async () => {
    slack.failNext('chat.postMessage', { rateLimited: 1 });
    const started = Date.now();
    const result = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'hello' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.ok).toBe(true);
    expect(slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(slack.messages('C0INCIDENTS')).toHaveLength(1);
  });

  it('holds a call unanswered until the test releases it, then answers it as usual', async () => {
    const hold = slack.hold('chat.postMessage', (params) => params.text === 'slow');
    const slow = client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'slow' });
    const held = await hold.reached;
    expect(held).toMatchObject({ method: 'chat.postMessage', status: 0 });
    // Other calls, and calls the predicate refuses, go through meanwhile.
    await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'fast' });
    expect(slack.messages('C0INCIDENTS').map((m) => m.text)).toEqual(['fast']);
    expect(hold.holding).toBe(true);

    hold.release();
    expect((await slow).ok).toBe(true);
    expect(held.status).toBe(200);
    expect(slack.messages('C0INCIDENTS').map((m) => m.text)).toEqual(['fast', 'slow']);
    expect(hold.held).toHaveLength(1);
    // Released for good: later calls are answered at once.
    await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'slow' });
    expect(hold.held).toHaveLength(1);
  });

  it('surfaces ok:false as a thrown platform error carrying the Slack error code', async () => {
    slack.failNext('chat.update', { error: 'cant_update_message' });
    const error = await client.chat.update({ channel: 'C0INCIDENTS', ts: '1.2', text: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(WebAPIPlatformError);
    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(error.data.error).toBe('cant_update_message');
    await expect(client.chat.update({ channel: 'C0INCIDENTS', ts: '1.2', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    await expect(client.chat.postMessage({ channel: 'C0NOWHERE', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
  });

  it('refuses blocks past Slack’s limits: 50 blocks, a section of 3,000 characters, a header of 150', async () => {
    const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
    const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text } });
    const refused = { data: { error: 'invalid_blocks' } };
    const post = (blocks: KnownBlock[]) =>
      client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'x', blocks });
    await expect(post(Array.from({ length: 51 }, () => section('a')))).rejects.toMatchObject(refused);
    await expect(post([section('a'.repeat(3001))])).rejects.toMatchObject(refused);
    await expect(post([header('a'.repeat(151))])).rejects.toMatchObject(refused);
    const ok = await post([
      header('a'.repeat(150)),
      ...Array.from({ length: 49 }, () => section('a'.repeat(3000))),
    ]);
    await expect(
      client.chat.update({
        channel: 'C0INCIDENTS',
        ts: String(ok.ts),
        text: 'x',
        blocks: [section('a'.repeat(3001))],
      }),
    ).rejects.toMatchObject(refused);
  });

  it('refuses calls without a bot token', async () => {
    const anonymous = new WebClient(undefined, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR });
    await expect(anonymous.auth.test()).rejects.toMatchObject({ data: { error: 'not_authed' } });
    const other = new WebClient('xoxb-someone-else', { slackApiUrl: slack.url, logLevel: LogLevel.ERROR });
    await expect(other.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await expect(client.auth.test()).resolves.toMatchObject({ user_id: 'U0BOT', team_id: 'T0TEAM' });
  });

  it('opens a DM, finds users and reads user groups', async () => {
    const dm = await client.conversations.open({ users: 'U0ALICE' });
    expect(dm.channel?.id).toMatch(/^D/);
    await client.chat.postMessage({ channel: String(dm.channel?.id), text: 'you are on call' });
    expect(slack.messages('U0ALICE').map((m) => m.text)).toEqual(['you are on call']);
    const byEmail = await client.users.lookupByEmail({ email: 'alice@example.com' });
    expect(byEmail.user?.id).toBe('U0ALICE');
    await expect(client.users.lookupByEmail({ email: 'bob@example.com' })).rejects.toMatchObject({
      data: { error: 'users_not_found' },
    });
    slack.addUsergroup('S0ONCALL', ['U0ALICE']);
    expect((await client.usergroups.users.list({ usergroup: 'S0ONCALL' })).users).toEqual(['U0ALICE']);
  });

  it('records ephemeral messages, permalinks, reactions and home tabs', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'red' });
    const ts = String(parent.ts);
    await client.chat.postEphemeral({ channel: 'C0INCIDENTS', user: 'U0ALICE', text: 'only you' });
    expect(slack.ephemerals('C0INCIDENTS')).toMatchObject([{ user: 'U0ALICE', text: 'only you' }]);
    const link = await client.chat.getPermalink({ channel: 'C0INCIDENTS', message_ts: ts });
    expect(link.permalink).toBe(`https://fake-team.slack.com/archives/C0INCIDENTS/p${ts.replace('.', '')}`);
    await client.reactions.add({ channel: 'C0INCIDENTS', timestamp: ts, name: 'eyes' });
    expect(slack.messages('C0INCIDENTS')[0]?.reactions).toEqual([
      { name: 'eyes', users: ['U0BOT'], count: 1 },
    ]);
    await client.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: [] } });
    expect(slack.homeView('U0ALICE')).toMatchObject({ type: 'home', blocks: [] });
  });

  it('records calls outside expectOnly and answers them unknown_method', async () => {
    slack.expectOnly(['chat.postMessage']);
    await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'ok' });
    await expect(client.chat.delete({ channel: 'C0INCIDENTS', ts: '1.2' })).rejects.toMatchObject({
      data: { error: 'unknown_method' },
    });
    expect(slack.unexpected.map((c) => c.method)).toEqual(['chat.delete']);
    expect(() => slack.assertNoUnexpected()).toThrow(/chat\.delete/);
  });

  it('waitFor resolves once a predicate holds and times out with the calls made', async () => {
    setTimeout(() => void client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'later' }), 50);
    const message = await slack.waitFor((s) => s.messages('C0INCIDENTS').find((m) => m.text === 'later'));
    expect(message.user).toBe('U0BOT');
    await expect(slack.waitFor(() => false, 50)).rejects.toThrow(/chat\.postMessage/);
  });

  it('serves Bolt: its start-up auth.test and its client', async () => {
    const app = new App({
      token: TOKEN,
      signingSecret: 'shh',
      deferInitialization: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.url },
    });
    await app.init();
    expect(slack.callsTo('auth.test')).toHaveLength(1);
    await app.client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'from bolt' });
    expect(slack.messages('C0INCIDENTS').map((m) => m.text)).toEqual(['from bolt']);
    slack.assertNoUnexpected();
  });
});
