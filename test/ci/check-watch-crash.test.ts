import { afterEach, describe, expect, it } from 'vitest';
import type { WatchDoc } from '../../src/ci/watch-doc.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';

describe('checkWatch after a crash between Slack and the store', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** A green check, then a red one that posted its incident. */
  async function openIncident(): Promise<AppHarness> {
    const app = await startAppHarness();
    h = app;
    app.push('Add widgets', 'success');
    await app.check();
    app.push('Break the widget parser', 'failure');
    await app.check();
    return app;
  }

  it('a post Slack accepted but the store never recorded is found again, not posted twice', async () => {
    const app = await openIncident();
    expect(app.topLevelPosts()).toBe(1);
    const posted = app.messages()[0];

    // Put the document back as it was when the process died: the attempt recorded, Slack's answer not.
    const stored = await app.doc();
    const slot = stored.value.current;
    if (!slot?.message) throw new Error('expected a posted incident');
    const { message: _lost, ...unrecorded } = slot;
    const crashed: WatchDoc = {
      ...stored.value,
      current: unrecorded,
      outbox: [{ id: 99, incidentId: slot.incident.id, kind: 'render' }],
    };
    expect((await app.store.put('watch:acme/widgets:ci.yml:main', crashed, stored.version)).ok).toBe(true);

    app.clock.advance(30_000);
    const result = await app.check();
    expect(result.delivery).toEqual({ delivered: 1, pending: 0, failed: false });
    expect(app.topLevelPosts()).toBe(1);
    expect(app.messages()).toHaveLength(1);
    expect((await app.doc()).value.current?.message).toEqual({ channel: 'C0INCIDENTS', ts: posted?.ts });
  });

  it('without a recorded attempt nothing is searched: the first post costs no history read', async () => {
    const app = await openIncident();
    expect(app.slack.callsTo('conversations.history')).toHaveLength(0);
    expect((await app.doc()).value.current?.postAttemptedAt).toBeDefined();
  });
});
