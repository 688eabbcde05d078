import { describe, expect, it } from 'vitest';
import { CHANNEL, perTestWorld } from '../support/scenario.js';

const LOG = [
  '2025-06-02T09:00:00.0000000Z ##[group]Run npm test',
  '2025-06-02T09:00:00.2000000Z ##[endgroup]',
  '2025-06-02T09:00:01.0000000Z  FAIL  test/cart.test.ts > cart > adds an item',
  '2025-06-02T09:00:01.1000000Z AssertionError: expected 2 to be 3 // Object.is equality',
  '2025-06-02T09:00:02.0000000Z ##[error]Process completed with exit code 1.',
].join('\n');
const LINE = 'AssertionError: expected 2 to be 3';
const SLOW_MS = 6_000;

describe('the incident is never held back by its logs, end to end', () => {
  const t = perTestWorld();

  it('posts the incident before a slow log host answers, then updates it with the error lines', async () => {
    const { slack, github } = t.world;
    await t.bot(t.world.env());
    t.world.push('Add widgets', 'success');
    await github.waitFor((g) => g.requests.some((r) => r.path.endsWith('/runs')), 5_000);
    github.logHost.delay(SLOW_MS);
    const red = t.world.push('Break the cart', 'failure');
    for (const job of github.run(red.runId).attempts.at(-1)?.jobs ?? []) {
      if (job.name === 'unit tests') github.setJobLog(job.id, LOG);
    }
    const incidentPost = () =>
      slack.callsTo('chat.postMessage').find((call) => call.ok && call.params.channel === CHANNEL);
    const post = await slack.waitFor(incidentPost, 10_000);
    const root = () => slack.messages(CHANNEL)[0]?.ts;
    const logAsked = await github.waitFor(
      (g) => g.requests.find((r) => r.path.endsWith('/logs') && r.status === 302),
      10_000,
    );
    const update = await slack.waitFor(
      () =>
        slack
          .callsTo('chat.update')
          .find((call) => call.ok && call.params.ts === root() && JSON.stringify(call.params).includes(LINE)),
      20_000,
    );

    // Posted without the lines, well before the log host answered; the lines came in the update.
    expect(JSON.stringify(post.params)).not.toContain(LINE);
    expect(post.time).toBeLessThan(logAsked.time + SLOW_MS / 2);
    expect(update.time - post.time).toBeGreaterThanOrEqual(SLOW_MS - 1_000);
    expect(
      slack
        .callsTo('chat.postMessage')
        .filter((call) => call.params.channel === CHANNEL && call.params.thread_ts === undefined),
    ).toHaveLength(1);
  }, 60_000);
});
