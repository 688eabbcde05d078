import { afterEach, describe, expect, it } from 'vitest';
import { watchDocKey } from '../../src/ci/watch-doc.js';
import { type AppHarness, openIncident, startAppHarness } from '../support/app-harness.js';
import { MENTION_THEN_DM, MIN, ONCALL } from '../support/escalation-policy.js';
import type { SlackParams } from '../support/fake-slack-params.js';

const POLICY = MENTION_THEN_DM;

const toDm = (params: SlackParams) => String(params.channel).startsWith('D');
const inThread = (params: SlackParams) => params.thread_ts !== undefined;

async function world(): Promise<AppHarness> {
  // Slack's ts follow the test clock, as they follow the time of posting: the history is read
  // from a minute before the recorded attempt.
  const h = await startAppHarness({
    policy: POLICY,
    oncall: { kind: 'users', users: [ONCALL] },
    slackFollowsClock: true,
  });
  h.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
  return h;
}

/**
 * Fires the DM step and answers the watch document as it was while Slack held the DM: the
 * attempt recorded, the DM not. Putting it back after the DM went out is the process dying
 * between Slack's answer and the store write.
 */
async function docWhileSending(h: AppHarness) {
  await openIncident(h);
  h.clock.advance(15 * MIN);
  expect(await h.fireDue()).toBe(1);
  h.clock.advance(15 * MIN);
  const hold = h.slack.hold('chat.postMessage', toDm);
  const firing = h.fireDue();
  await hold.reached;
  const during = await h.doc();
  hold.release();
  expect(await firing).toBe(1);
  return during.value;
}

async function crashState(h: AppHarness) {
  const during = await docWhileSending(h);
  expect(during.outbox[0]?.kind).toBe('dm');
  expect(during.current?.sendAttempts).toHaveLength(1);
  expect(h.slack.messages(ONCALL)).toHaveLength(1);
  const now = await h.doc();
  const [recorded] = now.value.current?.dms ?? [];
  expect(recorded?.ts).toBe(h.slack.messages(ONCALL)[0]?.ts);
  expect((await h.store.put(watchDocKey(h.target.watch), during, now.version)).ok).toBe(true);
  return recorded;
}

describe('an escalation DM or thread reply across a crash', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('sent once, it costs no history read, and leaves no attempt behind', async () => {
    h = await world();
    await docWhileSending(h);
    expect(h.slack.messages(ONCALL)).toHaveLength(1);
    expect(h.slack.callsTo('conversations.history')).toHaveLength(0);
    expect(h.slack.callsTo('conversations.replies')).toHaveLength(0);
    const slot = (await h.doc()).value.current;
    expect(slot?.dms).toHaveLength(1);
    expect(slot?.sendAttempts).toBeUndefined();
  });

  it('a DM Slack accepted but the store never recorded is found in its history, not sent twice', async () => {
    h = await world();
    const sent = await crashState(h);

    h.clock.advance(30_000);
    const result = await h.check();
    expect(result.delivery).toMatchObject({ pending: 0, failed: false });
    expect(h.slack.messages(ONCALL)).toHaveLength(1);
    const reads = h.slack.callsTo('conversations.history');
    expect(reads.map((call) => call.params.channel)).toEqual([sent?.channel]);
    expect(h.slack.callsTo('conversations.replies')).toHaveLength(0);
    const slot = (await h.doc()).value.current;
    expect(slot?.dms).toEqual([{ channel: sent?.channel, ts: sent?.ts }]);
    expect(slot?.sendAttempts).toBeUndefined();
    expect((await h.doc()).value.outbox).toEqual([]);
  });

  it('a DM that never reached Slack is sent after its history shows none', async () => {
    h = await world();
    await openIncident(h);
    h.clock.advance(15 * MIN);
    await h.fireDue();
    h.clock.advance(15 * MIN);
    h.slack.failNext('chat.postMessage', { status: 500 }, 1, toDm);
    await h.fireDue();
    expect(h.slack.messages(ONCALL)).toHaveLength(0);
    expect((await h.doc()).value.current?.sendAttempts).toHaveLength(1);

    h.clock.advance(30_000);
    await h.check();
    expect(h.slack.callsTo('conversations.history')).toHaveLength(1);
    // Nor was it in the thread (a person paged for the same storm elsewhere is told there).
    expect(h.slack.callsTo('conversations.replies')).toHaveLength(1);
    expect(h.slack.messages(ONCALL)).toHaveLength(1);
    expect((await h.doc()).value.current?.dms).toHaveLength(1);
  });

  it('a DM history Slack will not show sends the DM again: a page is never lost to spare a duplicate', async () => {
    h = await world();
    await crashState(h);
    h.slack.failNext('conversations.history', { error: 'internal_error' });

    h.clock.advance(30_000);
    await h.check();
    expect(h.slack.messages(ONCALL)).toHaveLength(2);
    expect((await h.doc()).value.outbox).toEqual([]);
  });

  it('a mention Slack accepted but the store never recorded is found in the thread, not posted twice', async () => {
    h = await world();
    await openIncident(h);
    h.clock.advance(15 * MIN);
    const hold = h.slack.hold('chat.postMessage', inThread);
    const firing = h.fireDue();
    await hold.reached;
    const during = await h.doc();
    expect(during.value.outbox[0]?.kind).toBe('page');
    hold.release();
    expect(await firing).toBe(1);
    const root = h.messages()[0];
    expect(h.replies(root)).toHaveLength(1);
    const now = await h.doc();
    expect((await h.store.put(watchDocKey(h.target.watch), during.value, now.version)).ok).toBe(true);

    h.clock.advance(30_000);
    const result = await h.check();
    expect(result.delivery).toMatchObject({ pending: 0, failed: false });
    expect(h.replies(root)).toHaveLength(1);
    expect(h.slack.callsTo('conversations.replies')).toHaveLength(1);
    expect((await h.doc()).value.current?.sendAttempts).toBeUndefined();
  });
});
