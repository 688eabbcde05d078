import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppHarness, openIncident, startAppHarness } from '../support/app-harness.js';

/** What a watch document may weigh after a red of 500 commits, Slack up or down throughout. */
const DOC_BYTES_MAX = 16 * 1024;
const RED_COMMITS = 500;

const docBytes = async (h: AppHarness) => Buffer.byteLength(JSON.stringify((await h.doc()).value));

describe('a long red stays bounded', () => {
  let h: AppHarness;

  beforeEach(async () => {
    h = await startAppHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  it(`${RED_COMMITS} red commits, each checked while Slack refuses every thread note: the document stays under 16 KiB and still counts every commit`, async () => {
    await openIncident(h);
    const root = h.messages()[0];
    // Slack answers nothing but errors for the thread notes: their work piles up in the outbox.
    h.slack.failNext('chat.postMessage', { error: 'internal_error' }, RED_COMMITS * 2);
    for (let i = 1; i <= RED_COMMITS; i++) {
      h.push(`Try fix ${i}`, 'failure');
      h.clock.advance(60_000);
      await h.check();
    }
    const bytes = await docBytes(h);
    console.info(`watch document after ${RED_COMMITS} red commits: ${bytes} bytes`);
    expect(bytes).toBeLessThan(DOC_BYTES_MAX);
    const incident = (await h.doc()).value.current?.incident;
    expect(incident?.laterRedCount).toBe(RED_COMMITS);

    // Slack is back: what the thread was owed is posted, two notes that between them name all 500.
    h.slack.clearFailures();
    await h.check();
    const notes = h.replies(root).map((reply) => reply.text);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^:red_circle: Still red at `[0-9a-f]{7}` Try fix 1 —/);
    expect(notes[1]).toContain(`Try fix ${RED_COMMITS} — alice (and ${RED_COMMITS - 2} more commits)`);
    expect((await h.doc()).value.outbox).toEqual([]);
    const text = JSON.stringify(h.slack.callsTo('chat.update').at(-1)?.params.blocks);
    expect(text).toContain(`(${RED_COMMITS} new commits)`);
  }, 120_000);
});
