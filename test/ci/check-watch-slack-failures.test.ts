import { afterEach, describe, expect, it } from 'vitest';
import { type AppHarness, type HarnessOptions, startAppHarness } from '../support/app-harness.js';
import type { SlackFailure } from '../support/fake-slack.js';
import { REPO, visibleText } from '../support/scenario.js';

const runUrl = (runId: number) => `https://github.com/${REPO}/actions/runs/${runId}`;

describe('checkWatch when Slack fails', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start(options?: HarnessOptions) {
    h = await startAppHarness(options);
    return h;
  }

  /** A green, then a red commit pushed but not yet checked. */
  async function greenThenRed(app: AppHarness) {
    app.push('Add widgets', 'success');
    await app.check();
    return app.push('Break the widget parser', 'failure');
  }

  it.each<[string, SlackFailure]>([
    ['a transient error answer', { error: 'internal_error' }],
    ['an HTTP 500', { status: 500 }],
  ])(
    'a post that fails with %s stays in the outbox and the next check posts it exactly once',
    async (_, failure) => {
      const app = await start();
      await greenThenRed(app);
      app.slack.failNext('chat.postMessage', failure);

      const failed = await app.check();
      expect(failed).toMatchObject({
        event: 'regression',
        delivery: { delivered: 0, pending: 1, failed: true },
      });
      expect(app.messages()).toHaveLength(0);
      expect((await app.doc()).value.outbox).toHaveLength(1);

      const retried = await app.check();
      expect(retried.delivery).toEqual({ delivered: 1, pending: 0, failed: false });
      await app.check();
      expect(app.topLevelPosts()).toBe(1);
      expect(app.messages()).toHaveLength(1);
      expect((await app.doc()).value.outbox).toHaveLength(0);
    },
  );

  it('Slack work already owed is delivered even while GitHub cannot be read', async () => {
    const app = await start();
    await greenThenRed(app);
    app.slack.failNext('chat.postMessage', { status: 500 });
    await app.check();
    expect(app.messages()).toHaveLength(0);

    app.github.failNext({ path: /\/runs$/ }, { status: 502 });
    await expect(app.check()).rejects.toMatchObject({ status: 502 });
    expect(app.messages()).toHaveLength(1);
    expect((await app.doc()).value.outbox).toHaveLength(0);
  });

  it('a 429 with Retry-After is waited out by the WebClient and the incident is posted once', async () => {
    const app = await start({ slackRetries: { retries: 2, factor: 1, minTimeout: 0, maxTimeout: 0 } });
    await greenThenRed(app);
    app.slack.failNext('chat.postMessage', { rateLimited: 1 });

    const result = await app.check();
    expect(result.delivery).toEqual({ delivered: 1, pending: 0, failed: false });
    const [limited, accepted] = app.slack.callsTo('chat.postMessage');
    expect(limited?.status).toBe(429);
    expect(accepted?.ok).toBe(true);
    expect((accepted?.time ?? 0) - (limited?.time ?? 0)).toBeGreaterThanOrEqual(950);
    expect(app.slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(app.messages()).toHaveLength(1);
  });

  it('a failed chat.update is retried on the next check, and its thread note waits behind it', async () => {
    const app = await start();
    await greenThenRed(app);
    await app.check();
    const next = app.push('Try to fix the parser', 'failure');
    app.slack.failNext('chat.update', { status: 500 });

    const failed = await app.check();
    expect(failed).toMatchObject({
      event: 'still-red',
      delivery: { delivered: 0, pending: 2, failed: true },
    });
    expect(visibleText(app.messages()[0])).not.toContain(runUrl(next.runId));
    expect(app.replies(app.messages()[0])).toHaveLength(0);

    const retried = await app.check();
    expect(retried.delivery).toEqual({ delivered: 2, pending: 0, failed: false });
    expect(app.slack.callsTo('chat.update').map((call) => call.ok)).toEqual([false, true]);
    expect(visibleText(app.messages()[0])).toContain(runUrl(next.runId));
    expect(app.replies(app.messages()[0])).toHaveLength(1);
    expect(app.topLevelPosts()).toBe(1);
  });

  it('a thread note queued while the root post was failing is posted after the root, in order', async () => {
    const app = await start();
    await greenThenRed(app);
    app.slack.failNext('chat.postMessage', { error: 'internal_error' });
    await app.check();
    const next = app.push('Try to fix the parser', 'failure');

    const result = await app.check();
    expect(result).toMatchObject({
      event: 'still-red',
      delivery: { delivered: 2, pending: 0, failed: false },
    });
    const accepted = app.slack.callsTo('chat.postMessage').filter((call) => call.ok);
    expect(accepted.map((call) => call.params.thread_ts)).toEqual([undefined, app.messages()[0]?.ts]);
    expect(app.slack.callsTo('chat.update')).toHaveLength(0);
    expect(app.messages()).toHaveLength(1);
    expect(visibleText(app.messages()[0])).toContain(runUrl(next.runId));
    const [reply] = app.replies(app.messages()[0]);
    expect(visibleText(reply)).toContain(`Still red at \`${next.sha.slice(0, 7)}\``);
  });

  it('a note queued ahead of a newer render still waits for the root post and keeps its place', async () => {
    const app = await start();
    await greenThenRed(app);
    app.slack.failNext('chat.postMessage', { error: 'internal_error' }, 2);
    const { incidentId = '' } = await app.check();
    expect(await app.rerun(incidentId, 'U0CAROL')).toEqual({ kind: 'requested', attempt: 2 });
    expect(app.messages()).toHaveLength(0);
    const next = app.push('Try to fix the parser', 'failure');

    const result = await app.check();
    expect(result).toMatchObject({ event: 'still-red', delivery: { pending: 0, failed: false } });
    expect(app.messages()).toHaveLength(1);
    const replies = app.replies(app.messages()[0]).map((reply) => visibleText(reply));
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain('<@U0CAROL> asked for a re-run');
    expect(replies[1]).toContain(`Still red at \`${next.sha.slice(0, 7)}\``);
  });

  it('work still owed for a recovered incident is delivered before the next incident is posted', async () => {
    const app = await start();
    await greenThenRed(app);
    await app.check();
    const fixed = app.push('Fix the parser', 'success');
    app.slack.failNext('chat.update', { error: 'ratelimited' });
    expect((await app.check()).delivery).toMatchObject({ pending: 2, failed: true });
    app.push('Break it again', 'failure');

    const result = await app.check();
    expect(result).toMatchObject({ event: 'regression', delivery: { delivered: 3, pending: 0 } });
    const [first, second] = app.messages();
    expect(app.messages()).toHaveLength(2);
    expect(visibleText(first)).toContain('Recovered after');
    expect(visibleText(app.replies(first)[0])).toContain(`green again at \`${fixed.sha.slice(0, 7)}\``);
    expect(visibleText(second)).toContain(':red_circle:');
    const methods = app.slack.calls.filter((call) => call.ok).map((call) => call.method);
    expect(methods.slice(-3)).toEqual(['chat.update', 'chat.postMessage', 'chat.postMessage']);
    expect(app.slack.calls.filter((call) => call.ok).at(-1)?.params.thread_ts).toBeUndefined();
  });

  it('a recovery while the root post was failing posts the resolved incident, then the green note', async () => {
    const app = await start();
    await greenThenRed(app);
    app.slack.failNext('chat.postMessage', { status: 500 });
    await app.check();
    const fixed = app.push('Fix the parser', 'success');

    const result = await app.check();
    expect(result).toMatchObject({ event: 'recovered', delivery: { delivered: 2, pending: 0 } });
    expect(app.messages()).toHaveLength(1);
    expect(visibleText(app.messages()[0])).toContain('Recovered after');
    const [reply] = app.replies(app.messages()[0]);
    expect(visibleText(reply)).toContain(`CI is green again at \`${fixed.sha.slice(0, 7)}\``);
  });

  it('Slack down across three episodes: every incident is still brought up to date once it is back', async () => {
    const app = await start();
    await greenThenRed(app);
    await app.check();
    const [first] = app.messages();
    expect(first).toBeDefined();

    // Slack fails everything from here: recovery, a second episode and a third are all owed.
    app.slack.failNext('chat.update', { status: 500 }, 100);
    app.slack.failNext('chat.postMessage', { status: 500 }, 100);
    for (const [message, conclusion] of [
      ['Fix the parser', 'success'],
      ['Break it again', 'failure'],
      ['Fix it again', 'success'],
      ['Break it a third time', 'failure'],
    ] as const) {
      app.push(message, conclusion);
      expect((await app.check()).delivery.failed).toBe(true);
    }
    const owed = (await app.doc()).value;
    expect(new Set(owed.outbox.map((item) => item.incidentId)).size).toBe(3);

    app.slack.clearFailures();
    await app.check();
    const messages = app.messages();
    expect(messages).toHaveLength(3);
    const texts = messages.map((message) => visibleText(message));
    expect(texts.filter((text) => /recovered/i.test(text))).toHaveLength(2);
    expect(/recovered/i.test(visibleText(messages.find((message) => message.ts === first?.ts)))).toBe(true);
    expect((await app.doc()).value.outbox).toEqual([]);
  });
});
