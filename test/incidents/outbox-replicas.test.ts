import { createClient } from '@keyv/redis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppHarness, type Replica, startAppHarness } from '../support/app-harness.js';
import { sleep } from '../support/scenario.js';

const redisUrl = process.env.REDIS_URL;
/** A database of its own, so other suites sharing this Redis do not see these keys. */
const DB = 9;
/**
 * Short, so a Slack call the test holds outlasts it within a test's time; long enough that the
 * holder's renewal (every third of it) survives a loaded machine's pauses.
 */
const LEASE_MS = 3_000;

describe.skipIf(!redisUrl)('Slack work across two replicas while Slack is slow', () => {
  const url = `${redisUrl?.replace(/\/\d*$/, '')}/${DB}`;
  let h: AppHarness;
  let other: Replica;

  beforeEach(async () => {
    const client = createClient({ url });
    await client.connect();
    await client.flushDb();
    await client.quit();
    h = await startAppHarness({ redisUrl: url, outboxLeaseMs: LEASE_MS });
    other = await h.replica();
  });

  afterEach(async () => {
    await other.close();
    await h.close();
  });

  it('a root post held past the lease is made once, and work queued meanwhile follows as soon as it is made', async () => {
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
    // A slow Slack: the root post gets no answer until the test releases it.
    const slow = h.slack.hold('chat.postMessage', (params) => params.thread_ts === undefined);

    const first = h.check();
    await slow.reached;
    const incidentId = await waitForIncident(h);
    // The lease is a Redis expiry, so real time has to pass it; the post stays held however long
    // this takes, and the holder renews the lease meanwhile.
    await sleep(LEASE_MS + 500);
    // The other replica sees the same red and Slack work owed while the first is still posting.
    const again = await other.check();
    expect(again.delivery.delivered).toBe(0);
    expect(await other.acknowledge(incidentId, 'U0BOB')).toBe('acknowledged');
    expect(slow.holding).toBe(true);
    expect(h.slack.messages(h.target.channel)).toEqual([]);

    slow.release();
    await first;
    // The first replica delivered the acknowledgement queued while it held the lease, before its
    // check ended: nothing waits for a later check or cron slot.
    expect(JSON.stringify(h.slack.messages(h.target.channel))).toContain('U0BOB');
    expect(slow.held).toHaveLength(1);
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
