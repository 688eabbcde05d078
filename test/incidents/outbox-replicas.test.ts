import { createClient } from '@keyv/redis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppHarness, type Replica, startAppHarness } from '../support/app-harness.js';
import { sleep } from '../support/scenario.js';

const redisUrl = process.env.REDIS_URL;
/** A database of its own, so other suites sharing this Redis do not see these keys. */
const DB = 9;
/** Short, so a Slack call held by 429s outlasts it within a test's time. */
const LEASE_MS = 1_500;

describe.skipIf(!redisUrl)('Slack work across two replicas while Slack is slow', () => {
  const url = `${redisUrl?.replace(/\/\d*$/, '')}/${DB}`;
  let h: AppHarness;
  let other: Replica;

  beforeEach(async () => {
    const client = createClient({ url });
    await client.connect();
    await client.flushDb();
    await client.quit();
    // Slack's documented answer to too many calls: 429 with Retry-After, which WebClient waits out
    // (https://docs.slack.dev/apis/web-api/rate-limits).
    h = await startAppHarness({
      redisUrl: url,
      outboxLeaseMs: LEASE_MS,
      slackRetries: { retries: 5, minTimeout: 100, maxTimeout: 200 },
    });
    other = await h.replica();
  });

  afterEach(async () => {
    await other.close();
    await h.close();
  });

  it('a root post held past the lease is made once, and work queued meanwhile follows within 5 s', async () => {
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
    // Each 429 costs a second: the first post takes ~4 s, well past the 1.5 s lease.
    h.slack.failNext('chat.postMessage', { rateLimited: 1 }, 4);

    const first = h.check();
    const incidentId = await waitForIncident(h);
    await sleep(LEASE_MS + 500);
    // The other replica sees the same red and Slack work owed while the first is still posting.
    const again = await other.check();
    expect(again.delivery.delivered).toBe(0);
    const acked = Date.now();
    expect(await other.acknowledge(incidentId, 'U0BOB')).toBe('acknowledged');
    await first;

    await h.slack.waitFor(
      (slack) => JSON.stringify(slack.messages(h.target.channel)).includes('U0BOB'),
      5_000,
    );
    expect(Date.now() - acked).toBeLessThan(5_000);
    expect(h.topLevelPosts()).toBe(1);
    expect(h.messages()).toHaveLength(1);
    const notes = h.replies(h.messages()[0]).map((reply) => reply.text);
    expect(notes.filter((text) => text?.includes('U0BOB'))).toHaveLength(1);
    expect((await h.doc()).value.outbox).toEqual([]);
  }, 30_000);
});

async function waitForIncident(h: AppHarness): Promise<string> {
  for (let tries = 0; tries < 100; tries += 1) {
    const id = (await h.doc()).value.current?.incident.id;
    if (id !== undefined) return id;
    await sleep(50);
  }
  throw new Error('no incident was recorded');
}
