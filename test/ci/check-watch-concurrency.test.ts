import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';

const PARALLEL = 5;

describe('checkWatch called concurrently', () => {
  let h: AppHarness;
  beforeEach(async () => {
    h = await startAppHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const inParallel = () => Promise.all(Array.from({ length: PARALLEL }, () => h.check()));

  it('five checks of the same new red post exactly one top-level message', async () => {
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');

    const results = await inParallel();
    expect(results.filter((result) => result.event === 'regression')).toHaveLength(1);
    expect(results.map((result) => result.delivery.delivered).sort()).toEqual([0, 0, 0, 0, 1]);
    await h.check();
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.messages()).toHaveLength(1);
    expect((await h.doc()).value.outbox).toHaveLength(0);
  });

  it('five checks of the same still-red commit update once and reply once', async () => {
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
    await h.check();
    h.push('Try to fix the parser', 'failure');

    const results = await inParallel();
    expect(results.filter((result) => result.event === 'still-red')).toHaveLength(1);
    await h.check();
    expect(h.slack.callsTo('chat.update')).toHaveLength(1);
    expect(h.replies(h.messages()[0])).toHaveLength(1);
    expect(h.topLevelPosts()).toBe(1);
  });
});
