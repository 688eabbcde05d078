import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_WATCH_DOC, watchDocKey } from '../../src/ci/watch-doc.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';

describe('checkWatch after the store lost its data (restarted empty)', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** The watch's memory gone, as after Redis restarted without its data. */
  async function forget(app: AppHarness): Promise<void> {
    const stored = await app.doc();
    const put = await app.store.put(watchDocKey(app.target.watch), EMPTY_WATCH_DOC, stored.version);
    expect(put.ok).toBe(true);
  }

  it('the open episode keeps its message, though its number starts again: found, updated, not posted twice', async () => {
    const app = await startAppHarness({ slackFollowsClock: true });
    h = app;
    // Episode 1 opens and recovers; episode 2 is open (and posted) when the memory goes.
    app.push('Add widgets', 'success');
    await app.check();
    app.push('Break the widget parser', 'failure');
    await app.check();
    app.push('Fix the widget parser', 'success');
    await app.check();
    app.clock.advance(60_000);
    app.push('Break it again', 'failure');
    await app.check();
    expect(app.incidentPosts()).toBe(2);
    const second = app.messages()[1];
    await forget(app);

    app.clock.advance(30_000);
    const result = await app.check();
    expect(result.event).toBe('regression');
    expect(result.incidentId).toBe('acme/widgets:ci.yml:main#1');
    expect(app.incidentPosts()).toBe(2);
    expect(app.slack.callsTo('conversations.history')).toHaveLength(1);
    expect((await app.doc()).value.current?.message).toEqual({ channel: 'C0INCIDENTS', ts: second?.ts });
    const updated = app.slack.callsTo('chat.update').at(-1);
    expect(updated?.params.ts).toBe(second?.ts);
  });

  it('a red seen first with no memory and no message in the channel is posted once, after one history read', async () => {
    const app = await startAppHarness({ slackFollowsClock: true });
    h = app;
    app.push('Break the widget parser', 'failure');
    await app.check();
    expect(app.incidentPosts()).toBe(1);
    expect(app.slack.callsTo('conversations.history')).toHaveLength(1);
    expect((await app.doc()).value.current?.mayBePostedSince).toBeUndefined();
  });

  it('an episode of an earlier red is never taken for this one: only messages since its first red run count', async () => {
    const app = await startAppHarness({ slackFollowsClock: true });
    h = app;
    app.push('Add widgets', 'success');
    await app.check();
    app.push('Break the widget parser', 'failure');
    await app.check();
    app.push('Fix the widget parser', 'success');
    await app.check();
    await forget(app);
    app.clock.advance(60_000);
    app.push('Break it again', 'failure');
    await app.check();
    expect(app.incidentPosts()).toBe(2);
    expect(app.messages()).toHaveLength(2);
  });
});
