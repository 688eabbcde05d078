import { describe, expect, it } from 'vitest';
import { configEnv } from '../support/config-file.js';
import { BOT_USER_ID } from '../support/fake-slack.js';
import {
  CHANNEL,
  looks,
  type PerTestWorld,
  perTestWorld,
  REPO,
  SIGNING_SECRET,
  visibleText,
} from '../support/scenario.js';
import { postSignedSlackEvent } from '../support/sign.js';
import { eventCallback } from '../support/slack-payloads.js';

const LOG = [
  '2025-06-02T09:00:00.0000000Z ##[group]Run npm test',
  '2025-06-02T09:00:00.1000000Z npm test',
  '2025-06-02T09:00:00.2000000Z ##[endgroup]',
  '2025-06-02T09:00:01.0000000Z  FAIL  test/cart.test.ts > cart > adds an item',
  '2025-06-02T09:00:01.1000000Z AssertionError: expected 2 to be 3 // Object.is equality',
  '2025-06-02T09:00:02.0000000Z ##[error]Process completed with exit code 1.',
].join('\n');

/** overseer.yml watching the repo with `flakeRetry`; OVERSEER_REPO is left out so the file's entry counts. */
function env(t: PerTestWorld, flakeRetry: 'off' | 'known'): Record<string, string> {
  return configEnv(t.world, [
    'repos:',
    `  - repo: ${REPO}`,
    `    channel: ${CHANNEL}`,
    `    flakeRetry: ${flakeRetry}`,
  ]);
}

function withLog(t: PerTestWorld, runId: number): void {
  for (const job of t.world.github.run(runId).attempts.at(-1)?.jobs ?? []) {
    if (job.name === 'unit tests') t.world.github.setJobLog(job.id, LOG);
  }
}

describe('why it is red, end to end', () => {
  const t = perTestWorld();
  // Incident messages carry their incident in Slack metadata; the daily digest of flakes does not.
  const incidents = () =>
    t.world.slack
      .messages(CHANNEL)
      .filter((m) => (m.metadata as { event_type?: string } | undefined)?.event_type !== undefined);
  const rerunsOf = (runId: number) => t.world.github.rerunRequests.filter((r) => r.runId === runId).length;

  /** Incident #1, shown with its error lines, resolved as flaky by a re-run that passed. */
  async function flakedOnce(): Promise<void> {
    t.world.push('Add widgets', 'success');
    await t.world.github.waitFor((github) => github.requests.some((r) => r.path.endsWith('/runs')), 5_000);
    const red = t.world.push('Break the cart', 'failure');
    withLog(t, red.runId);
    await t.world.slack.waitFor(() => incidents().length === 1, 10_000);
    // With flakeRetry off the lines follow the post in an update.
    await t.world.slack.waitFor(() => visibleText(incidents()[0]).includes('AssertionError'), 10_000);
    expect(visibleText(incidents()[0])).toContain('AssertionError: expected 2 to be 3');
    t.world.github.completeRerun(red.runId, { conclusion: 'success' });
    await t.world.slack.waitFor(() => visibleText(incidents()[0]).includes('flaky'), 10_000);
    t.world.push('Unrelated', 'success');
    // Seen green: a look after the push has finished.
    await looks(t.world.github, 2);
  }

  it('known: the incident shows the error lines; the same flake later is re-run and nobody is paged', async () => {
    await t.bot(env(t, 'known'));
    await flakedOnce();
    const again = t.world.push('Touch the cart', 'failure');
    withLog(t, again.runId);
    await t.world.github.waitFor(() => rerunsOf(again.runId) === 1, 10_000);
    t.world.github.completeRerun(again.runId, { conclusion: 'success' });
    // Whatever the passed re-run led to would show by the end of the look after it.
    await looks(t.world.github, 2);
    expect(incidents()).toHaveLength(1);
    expect(rerunsOf(again.runId)).toBe(1);
  }, 60_000);

  it('known: a re-run that fails too is paged once, saying so and that it was seen before; "why" answers in its thread', async () => {
    const bot = await t.bot(env(t, 'known'));
    await flakedOnce();
    const again = t.world.push('Touch the cart', 'failure');
    withLog(t, again.runId);
    await t.world.github.waitFor(() => rerunsOf(again.runId) === 1, 10_000);
    t.world.github.completeRerun(again.runId, { conclusion: 'failure' });
    await t.world.slack.waitFor(() => incidents().length === 2, 10_000);
    // A second page would come by the end of the look after this one.
    await looks(t.world.github, 2);
    expect(incidents()).toHaveLength(2);
    const paged = visibleText(incidents()[1]);
    expect(paged).toContain('and it failed too');
    expect(paged).toContain('Seen once in 14 days · last time resolved as flaky');
    expect(paged).toContain('previous incident');
    expect(rerunsOf(again.runId)).toBe(1);

    const root = incidents()[1]?.ts ?? '';
    const asked = t.world.slack.addMessage(CHANNEL, {
      user: 'U0ALICE',
      text: 'why is CI red?',
      thread_ts: root,
    });
    const payload = eventCallback('EvWhy1', {
      type: 'app_mention',
      user: 'U0ALICE',
      text: `<@${BOT_USER_ID}> why is CI red?`,
      ts: asked,
      thread_ts: root,
      channel: CHANNEL,
      event_ts: asked,
    });
    expect((await postSignedSlackEvent(bot.url, SIGNING_SECRET, payload)).status).toBe(200);
    const reply = await t.world.slack.waitFor((slack) =>
      slack
        .callsTo('chat.postMessage')
        .find((call) => call.params.thread_ts === root && String(call.params.text).includes('Run npm test')),
    );
    expect(String(reply.params.text)).toContain('AssertionError: expected 2 to be 3');
    expect(String(reply.params.text)).toContain('Touch the cart');
  }, 60_000);

  it('off: nothing is re-run automatically, the repeat is paged at once', async () => {
    await t.bot(env(t, 'off'));
    await flakedOnce();
    const again = t.world.push('Touch the cart', 'failure');
    withLog(t, again.runId);
    await t.world.slack.waitFor(() => incidents().length === 2, 10_000);
    // Posted at once; the lines, and with them the "seen before" line, follow in its update.
    await t.world.slack.waitFor(() => visibleText(incidents()[1]).includes('Seen once'), 10_000);
    expect(t.world.github.rerunRequests).toHaveLength(0);
    expect(visibleText(incidents()[1])).toContain('Seen once in 14 days');
  }, 60_000);
});
