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
describe('the incident is never held back by its logs, end to end', () => {
  const t = perTestWorld();

  it('posts the incident before a slow log host answers, then updates it with the error lines', async () => {
    const { slack, github } = t.world;
    await t.bot(t.world.env());
    t.world.push('Add widgets', 'success');
    await github.waitFor((g) => g.requests.some((r) => r.path.endsWith('/runs')), 15_000);
    // A slow log host: no log is served until the test releases it.
    const slowLogs = github.logHost.hold();
    const red = t.world.push('Break the cart', 'failure');
    for (const job of github.run(red.runId).attempts.at(-1)?.jobs ?? []) {
      if (job.name === 'unit tests') github.setJobLog(job.id, LOG);
    }
    const incidentPost = () =>
      slack.callsTo('chat.postMessage').find((call) => call.ok && call.params.channel === CHANNEL);
    const root = () => slack.messages(CHANNEL)[0]?.ts;
    // The log was asked for, and the incident posted while the log host still held it, and while
    // the bot still waited for it: the post did not wait for the log, nor for giving up on it.
    const asked = await slowLogs.reached;
    const post = await slack.waitFor(incidentPost, 15_000);
    expect(asked.abandoned).toBe(false);
    expect(JSON.stringify(post.params)).not.toContain(LINE);
    // Had it waited for the log until its deadline, the post would say the log timed out.
    expect(JSON.stringify(post.params)).not.toContain('log unavailable');
    expect(slack.callsTo('chat.update').some((call) => JSON.stringify(call.params).includes(LINE))).toBe(
      false,
    );

    // Once the log host answers, the lines come in an update of that message.
    slowLogs.release();
    await slack.waitFor(
      () =>
        slack
          .callsTo('chat.update')
          .find((call) => call.ok && call.params.ts === root() && JSON.stringify(call.params).includes(LINE)),
      20_000,
    );
    expect(
      slack
        .callsTo('chat.postMessage')
        .filter((call) => call.params.channel === CHANNEL && call.params.thread_ts === undefined),
    ).toHaveLength(1);
  }, 60_000);
});
