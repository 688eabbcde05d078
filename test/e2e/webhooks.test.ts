import { describe, expect, it } from 'vitest';
import { deliverWorkflowRun } from '../support/deliver-webhook.js';
import { CHANNEL, perTestWorld, sleep } from '../support/scenario.js';
import { waitForFirstCycle, waitForMetric } from '../support/wait-for-metric.js';

const YEARLY = '0 0 1 1 *';

describe('GitHub webhooks, end to end', () => {
  const t = perTestWorld();

  // How fast a webhook leads to the post is measured by `npm run bench` (webhook to post p99), not
  // here: a wall-clock margin in a test fails on a busy machine. The yearly schedule shows that the
  // webhook, not the cron, made the post.
  it('a signed workflow_run posts the incident at once even on a yearly schedule; a replay does nothing', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env({ OVERSEER_SCHEDULE: YEARLY }));
    // The start-up check has seen green.
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );
    await sleep(300);

    const red = { ...t.world.push('Break the build', 'failure'), conclusion: 'failure' } as const;
    const response = await deliverWorkflowRun(bot, red, 'delivery-1');
    expect(response.status).toBe(202);
    await t.world.slack.waitFor((slack) => slack.messages(CHANNEL).length === 1);

    // Replaying the same delivery once its checks were recorded is recognised: no check, no post.
    await waitForMetric(bot, 'overseer_webhooks_total{event="workflow_run",result="recorded"} 1');
    const requestsBefore = t.world.github.requests.length;
    const replay = await deliverWorkflowRun(bot, red, 'delivery-1');
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ duplicate: true });
    await sleep(500);
    expect(t.world.github.requests.length).toBe(requestsBefore);
    expect(t.world.slack.messages(CHANNEL)).toHaveLength(1);
    expect(t.world.slack.callsTo('chat.postMessage')).toHaveLength(1);
  }, 30_000);

  it('while dormant, a signed workflow_run of a watched repo is ignored without any GitHub call', async () => {
    const bot = await t.bot(t.world.env({ OVERSEER_SELF_HEAL_ENABLED: 'false' }));
    const run = { sha: 'e'.repeat(40), runId: 7, conclusion: 'failure' } as const;
    const response = await deliverWorkflowRun(bot, run, 'delivery-dormant');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ignored: true });
    await sleep(300);
    t.world.github.expectNoRequests();
  });

  it('refuses a bad signature with 401 and checks nothing', async () => {
    const bot = await t.bot(t.world.env({ OVERSEER_SCHEDULE: YEARLY }));
    // The start-up check is over (a cycle counted): no request of its own comes after `before`.
    await waitForFirstCycle(bot);
    const before = t.world.github.requests.length;
    const run = { sha: 'f'.repeat(40), runId: 9, conclusion: 'failure' } as const;
    const response = await deliverWorkflowRun(bot, run, 'delivery-forged', { secret: 'not-the-secret' });
    expect(response.status).toBe(401);
    await sleep(300);
    expect(t.world.github.requests.length).toBe(before);
  });

  it('commit text with mentions and links reaches Slack escaped: it can ping nobody', async () => {
    t.world.push('Add widgets', 'success');
    await t.bot(t.world.env());
    await t.world.github.waitFor((github) => github.requests.some((r) => r.path.endsWith('/runs')));
    t.world.push(
      '<!channel> fix & <@U999> <!subteam^S123> <https://evil.example|github.com>',
      'failure',
      undefined,
      [{ name: '<!here> job', step: '<@U777> step' }],
    );
    const [posted] = await t.world.slack.waitFor(
      (slack) => slack.messages(CHANNEL).length > 0 && slack.messages(CHANNEL),
    );
    const call = t.world.slack.callsTo('chat.postMessage')[0];
    const sent = JSON.stringify(call?.params);
    for (const forbidden of [
      '<!channel>',
      '<@U999>',
      '<!subteam^S123>',
      '<https://evil.example',
      '<!here>',
      '<@U777>',
    ]) {
      expect(sent).not.toContain(forbidden);
    }
    expect(JSON.stringify(posted)).toContain('&lt;!channel&gt; fix &amp; &lt;@U999&gt;');
  }, 30_000);
});
