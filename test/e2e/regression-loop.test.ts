import { describe, expect, it } from 'vitest';
import { BOB, CHANNEL, perTestWorld, sleep, visibleText } from '../support/scenario.js';

describe('the CI regression loop, end to end', () => {
  const t = perTestWorld();

  const topLevel = () => t.world.slack.messages(CHANNEL);
  const posts = () =>
    t.world.slack.callsTo('chat.postMessage').filter((call) => call.params.thread_ts === undefined);

  it('regression opens one incident, still-red updates it in place, recovery resolves it', async () => {
    const green = t.world.push('Add widgets', 'success');
    await t.bot(t.world.env());
    await t.world.github.waitFor((github) => github.requests.some((r) => r.path.endsWith('/runs')), 5_000);

    const red = t.world.push('Break the widget parser', 'failure', BOB, [
      { name: 'unit tests', step: 'Run npm test' },
    ]);
    const [incident] = await t.world.slack.waitFor(
      (slack) => slack.messages(CHANNEL).length > 0 && slack.messages(CHANNEL),
      8_000,
    );
    const text = visibleText(incident);
    expect(text).toContain('acme/widgets');
    expect(text).toContain('ci.yml');
    expect(text).toContain('main');
    expect(text).toContain(`/actions/runs/${red.runId}`);
    expect(text).toContain('unit tests');
    expect(text).toContain('Run npm test');
    expect(text).not.toContain('Run lint');
    expect(text).toContain(red.sha.slice(0, 7));
    expect(text).toContain(green.sha.slice(0, 7));
    expect(text).toContain('Break the widget parser');
    expect(text).toContain('bob');
    expect(text).toMatch(/red for/i);
    expect(text).toContain('Acknowledge');
    expect(text).toContain('Re-run failed jobs');

    // Three more cycles see the same red: nothing more is posted, and the message is updated once,
    // with its error lines (here the reason there are none: this job has no log) that follow the post.
    await sleep(6_500);
    expect(posts()).toHaveLength(1);
    expect(topLevel()).toHaveLength(1);
    expect(t.world.slack.callsTo('chat.update')).toHaveLength(1);
    expect(JSON.stringify(t.world.slack.callsTo('chat.update')[0]?.params)).toContain('log unavailable');

    // A second red commit updates the same message and says so in the thread.
    const again = t.world.push('Try to fix the parser', 'failure');
    await t.world.slack.waitFor((slack) => slack.callsTo('chat.update').length > 1, 8_000);
    const root = topLevel()[0];
    const replies = await t.world.slack.waitFor((slack) => {
      const thread = slack.thread(CHANNEL, root?.ts ?? '');
      return thread.length > 1 && thread;
    }, 5_000);
    expect(visibleText(replies[1])).toContain(again.sha.slice(0, 7));
    expect(visibleText(topLevel()[0])).toContain(`/actions/runs/${again.runId}`);
    expect(posts()).toHaveLength(1);

    // Green resolves the incident in place and adds a thread reply.
    const fixed = t.world.push('Really fix the parser', 'success');
    const resolved = await t.world.slack.waitFor((slack) => {
      const message = slack.messages(CHANNEL)[0];
      return /recovered/i.test(visibleText(message)) && message;
    }, 8_000);
    expect(visibleText(resolved)).toContain(fixed.sha.slice(0, 7));
    expect(visibleText(resolved)).not.toContain('Re-run failed jobs');
    const thread = await t.world.slack.waitFor((slack) => {
      const all = slack.thread(CHANNEL, root?.ts ?? '');
      return all.length > 2 && all;
    }, 5_000);
    expect(visibleText(thread.at(-1))).toMatch(/green again/i);
    expect(posts()).toHaveLength(1);
    expect(topLevel()).toHaveLength(1);
    t.world.slack.assertNoUnexpected();
    t.world.github.assertNoUnexpected();
  }, 60_000);
});
