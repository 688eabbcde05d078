import { createClient } from '@keyv/redis';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchDocKey } from '../../src/ci/watch-doc.js';
import { ARCHIVE_AFTER_MS } from '../../src/incidents/archive-incident-channels.js';
import { type AppHarness, type HarnessOptions, startAppHarness } from '../support/app-harness.js';

const HOUR = 60 * 60_000;
const ONCALL = 'U0ONCALL';
const AUTHOR = 'U0ALICE';
/** The methods only a repo's own incident channels use. */
const CHANNEL_METHODS = ['conversations.create', 'conversations.invite', 'conversations.archive', 'pins.add'];

async function harness(options: HarnessOptions = {}): Promise<AppHarness> {
  const h = await startAppHarness({
    incidentChannels: true,
    users: { alice: AUTHOR },
    oncall: { kind: 'users', users: [ONCALL] },
    ...options,
  });
  h.slack.addUser({ id: ONCALL, name: 'oncall' });
  h.slack.addUser({ id: AUTHOR, name: 'alice' });
  return h;
}

/** Green, then a red commit by Alice: the regression that opens incident 1. */
async function regress(h: AppHarness) {
  h.push('Add widgets', 'success');
  await h.check();
  h.push('Break the widget parser', 'failure');
  return h.check();
}

describe('incident channels (incidentChannels: true)', () => {
  let h: AppHarness;
  afterEach(async () => {
    await h.close();
  });

  it('a regression opens one channel named per the rule, invites on-call and the author, pins the summary and links it in the thread', async () => {
    h = await harness();
    const result = await regress(h);
    expect(result.delivery).toMatchObject({ failed: false, pending: 0 });

    const [channel, ...more] = h.slack.createdChannels();
    expect(more).toEqual([]);
    expect(channel).toMatchObject({ name: 'ci-widgets-1', isPrivate: false, isArchived: false });
    expect(channel?.members.sort()).toEqual([AUTHOR, ONCALL].sort());
    const summary = h.slack.messages(channel?.id ?? '');
    expect(summary).toHaveLength(1);
    expect(summary[0]?.text).toContain('acme/widgets');
    expect(channel?.pins).toEqual([summary[0]?.ts]);

    const [root] = h.messages();
    const link = h.replies(root).find((reply) => reply.text.includes('Incident channel'));
    expect(link?.text).toContain(`<#${channel?.id}>`);
    expect(link?.text).toContain('(2 people)');
    const { value } = await h.doc();
    expect(value.current?.incidentChannel).toMatchObject({
      id: channel?.id,
      name: 'ci-widgets-1',
      pinned: true,
      linked: true,
    });
    expect(h.slack.callsTo('conversations.create')).toHaveLength(1);
  });

  it('keeps the pinned summary in step with the incident message: recovered there too', async () => {
    h = await harness();
    await regress(h);
    h.push('Fix the widget parser', 'success');
    await h.check();
    const [channel] = h.slack.createdChannels();
    const [summary] = h.slack.messages(channel?.id ?? '');
    const [root] = h.messages();
    expect(summary?.text).toBe(root?.text);
    expect(summary?.edited).toBeDefined();
  });

  it('Slack failing at each step in turn, and each retry, make no second channel and lose no step', async () => {
    h = await harness();
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
    // The incident message, then the channel: created, invited, summary posted, pinned, linked.
    // Each look fails at the next step; the one after carries on from there.
    for (const method of ['conversations.invite', 'chat.postMessage', 'pins.add', 'chat.postMessage']) {
      h.slack.failNext(method, { error: 'internal_error' });
      const failed = await h.check();
      expect(failed.delivery, method).toMatchObject({ failed: true, pending: 1 });
    }
    const retried = await h.check();
    expect(retried.delivery).toMatchObject({ failed: false, pending: 0 });

    const [channel, ...more] = h.slack.createdChannels();
    expect(more).toEqual([]);
    expect(h.slack.callsTo('conversations.create')).toHaveLength(1);
    expect(h.slack.callsTo('conversations.invite').map((call) => call.error ?? 'ok')).toEqual([
      'internal_error',
      'ok',
    ]);
    expect(channel?.members.sort()).toEqual([AUTHOR, ONCALL].sort());
    expect(channel?.pins).toHaveLength(1);
    expect(h.slack.messages(channel?.id ?? '')).toHaveLength(1);
    expect(h.messages()).toHaveLength(1);
    const [root] = h.messages();
    expect(h.replies(root).filter((reply) => reply.text.includes('Incident channel'))).toHaveLength(1);
  });

  it('a summary and a thread link Slack took but the store never recorded (a crash) are found, not posted twice', async () => {
    h = await harness({ slackFollowsClock: true });
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
    // Held at the summary's post: the document as it was then records the channel and its
    // invitations, not the summary, its pin or the link in the thread.
    const isSummary = (params: { channel?: unknown; thread_ts?: unknown }) =>
      params.thread_ts === undefined && h.slack.createdChannels().some((c) => c.id === params.channel);
    const hold = h.slack.hold('chat.postMessage', isSummary);
    const checking = h.check();
    await hold.reached;
    const during = await h.doc();
    hold.release();
    expect((await checking).delivery).toMatchObject({ failed: false, pending: 0 });
    const [channel] = h.slack.createdChannels();
    const [root] = h.messages();
    const links = () => h.replies(root).filter((reply) => reply.text.includes('Incident channel'));
    expect(h.slack.messages(channel?.id ?? '')).toHaveLength(1);
    expect(links()).toHaveLength(1);
    // The process dies after Slack took the summary and the link, before the store recorded either.
    const now = await h.doc();
    expect((await h.store.put(watchDocKey(h.target.watch), during.value, now.version)).ok).toBe(true);
    expect((await h.doc()).value.current?.incidentChannel?.summary).toBeUndefined();

    h.clock.advance(30_000);
    expect((await h.check()).delivery).toMatchObject({ failed: false, pending: 0 });
    expect(h.slack.messages(channel?.id ?? '')).toHaveLength(1);
    expect(links()).toHaveLength(1);
    expect(h.slack.createdChannels()).toHaveLength(1);
    const state = (await h.doc()).value.current?.incidentChannel;
    expect(state).toMatchObject({ pinned: true, linked: true });
    expect(state?.summary?.ts).toBe(h.slack.messages(channel?.id ?? '')[0]?.ts);
  });

  it('invites the members of an on-call user group, looked up as the channel opens', async () => {
    h = await harness({ oncall: { kind: 'usergroup', id: 'S0ONCALL' } });
    h.slack.addUser({ id: 'U0BOB', name: 'bob' });
    h.slack.addUsergroup('S0ONCALL', [ONCALL, 'U0BOB']);
    await regress(h);
    expect(h.slack.createdChannels()[0]?.members.sort()).toEqual([AUTHOR, 'U0BOB', ONCALL].sort());
    expect(h.slack.callsTo('usergroups.users.list')).toHaveLength(1);
  });

  it('gives a channel up when Slack refuses for good (a scope not granted), holding back none of the incident', async () => {
    h = await harness();
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
    h.slack.failNext('conversations.create', { error: 'missing_scope' });
    const opened = await h.check();
    expect(opened.delivery).toMatchObject({ failed: false, pending: 0 });
    expect((await h.doc()).value.current?.incidentChannel).toMatchObject({ refused: 'missing_scope' });

    h.push('Fix the widget parser', 'success');
    const recovered = await h.check();
    expect(recovered.delivery).toMatchObject({ failed: false, pending: 0 });
    expect(h.messages()[0]?.text).toMatch(/recovered/i);
    h.clock.advance(ARCHIVE_AFTER_MS);
    await h.check();
    expect(h.slack.callsTo('conversations.create')).toHaveLength(1);
    expect(h.slack.createdChannels()).toEqual([]);
    expect(h.slack.callsTo('conversations.archive')).toEqual([]);
  });

  it('updates the incident message even when its channel was archived by hand', async () => {
    h = await harness();
    await regress(h);
    const [channel] = h.slack.createdChannels();
    // Someone archives it in Slack while CI is still red.
    const person = new WebClient('xoxp-a-person', { slackApiUrl: h.slack.url, retryConfig: { retries: 0 } });
    await person.conversations.archive({ channel: channel?.id ?? '' });
    h.push('Fix the widget parser', 'success');
    const recovered = await h.check();
    expect(recovered.delivery).toMatchObject({ failed: false, pending: 0 });
    expect(h.messages()[0]?.text).toMatch(/recovered/i);
    expect(h.slack.messages(channel?.id ?? '')[0]?.text).toMatch(/red/i);
    expect(h.slack.callsTo('chat.update').map((call) => call.error ?? 'ok')).toEqual(['ok', 'is_archived']);
  });

  it('takes the next name when Slack has the name already (an old channel of that name)', async () => {
    h = await harness();
    h.slack.addChannel('C0OLDCHANNEL', { name: 'ci-widgets-1' });
    await regress(h);
    expect(h.slack.createdChannels().map((channel) => channel.name)).toEqual(['ci-widgets-1-2']);
    expect(h.slack.callsTo('conversations.create').map((call) => call.error ?? 'ok')).toEqual([
      'name_taken',
      'ok',
    ]);
  });

  it('archives the channel once, a day after recovery and not before', async () => {
    h = await harness();
    await regress(h);
    h.clock.advance(HOUR);
    h.push('Fix the widget parser', 'success');
    await h.check();

    h.clock.advance(ARCHIVE_AFTER_MS - 1);
    await h.check();
    expect(h.slack.callsTo('conversations.archive')).toHaveLength(0);

    h.clock.advance(1);
    await h.check();
    await h.check();
    h.clock.advance(ARCHIVE_AFTER_MS);
    await h.check();
    expect(h.slack.callsTo('conversations.archive')).toHaveLength(1);
    expect(h.slack.createdChannels()[0]?.isArchived).toBe(true);
    expect((await h.doc()).value.current?.incidentChannel?.archived).toBe(true);
  });

  it('still archives an earlier incident channel after two new episodes opened meanwhile', async () => {
    h = await harness();
    await regress(h);
    for (const n of [2, 3]) {
      h.push(`Fix ${n}`, 'success');
      await h.check();
      h.push(`Break ${n}`, 'failure');
      await h.check();
    }
    h.push('Fix for good', 'success');
    await h.check();
    h.clock.advance(ARCHIVE_AFTER_MS);
    await h.check();
    const channels = h.slack.createdChannels();
    expect(channels.map((channel) => channel.name)).toEqual(['ci-widgets-1', 'ci-widgets-2', 'ci-widgets-3']);
    expect(channels.map((channel) => channel.isArchived)).toEqual([true, true, true]);
    expect(h.slack.callsTo('conversations.archive')).toHaveLength(3);
  });

  it('records a channel the bot was removed from as not archivable, and asks once', async () => {
    h = await harness();
    await regress(h);
    h.push('Fix the widget parser', 'success');
    await h.check();
    h.slack.failNext('conversations.archive', { error: 'not_in_channel' });
    h.clock.advance(ARCHIVE_AFTER_MS);
    await h.check();
    await h.check();
    expect(h.slack.callsTo('conversations.archive')).toHaveLength(1);
    expect((await h.doc()).value.current?.incidentChannel?.archiveRefused).toBe('not_in_channel');
  });
});

describe('incident channels off (the default)', () => {
  let h: AppHarness;
  afterEach(async () => {
    await h.close();
  });

  it('makes no channel call at all through an incident, its recovery and a day after', async () => {
    h = await harness({ incidentChannels: false });
    await regress(h);
    h.push('Fix the widget parser', 'success');
    await h.check();
    h.clock.advance(ARCHIVE_AFTER_MS * 2);
    await h.check();
    expect(h.slack.calls.filter((call) => CHANNEL_METHODS.includes(call.method))).toEqual([]);
    expect(h.messages()).toHaveLength(1);
    expect((await h.doc()).value.current?.incidentChannel).toBeUndefined();
  });
});

const redisUrl = process.env.REDIS_URL;
/** A database of its own, so other suites sharing this Redis do not see these keys. */
const DB = 6;

describe.skipIf(!redisUrl)('incident channels across two replicas on Redis', () => {
  const url = `${redisUrl?.replace(/\/\d*$/, '')}/${DB}`;
  let h: AppHarness;

  beforeEach(async () => {
    const client = createClient({ url });
    await client.connect();
    await client.flushDb();
    await client.quit();
  });

  afterEach(async () => {
    await h.close();
  });

  it('both checking at once open one channel and, a day after recovery, archive it once', async () => {
    h = await harness({ redisUrl: url });
    const other = await h.replica();
    try {
      h.push('Add widgets', 'success');
      await Promise.all([h.check(), other.check()]);
      h.push('Break the widget parser', 'failure');
      await Promise.all([h.check(), other.check()]);
      await Promise.all([h.check(), other.check()]);
      h.push('Fix the widget parser', 'success');
      await Promise.all([h.check(), other.check()]);
      h.clock.advance(ARCHIVE_AFTER_MS);
      await Promise.all([h.check(), other.check(), h.check(), other.check()]);
      await Promise.all([h.check(), other.check()]);

      expect(h.slack.createdChannels()).toHaveLength(1);
      expect(h.slack.callsTo('conversations.create')).toHaveLength(1);
      expect(h.slack.callsTo('conversations.archive')).toHaveLength(1);
      expect(h.slack.createdChannels()[0]?.isArchived).toBe(true);
    } finally {
      await other.close();
    }
  });
});
