import { describe, expect, it } from 'vitest';
import { CHANNEL, perTestWorld, visibleText } from '../support/scenario.js';

describe('Slack failing, end to end', () => {
  const t = perTestWorld();

  it('429 with Retry-After and 5xx on chat.postMessage and chat.update: each delivered exactly once, later', async () => {
    const { slack, github } = t.world;
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env({ OVERSEER_SCHEDULE: '* * * * * *' }));
    await github.waitFor((g) => g.requests.some((r) => r.path.endsWith('/runs') && r.status === 200), 10_000);
    const topLevel = (params: Record<string, unknown>) => params.channel === CHANNEL && !params.thread_ts;

    // The incident's post: rate limited (Retry-After: 1 s, https://docs.slack.dev/apis/web-api/rate-limits),
    // then a 503; the update to recovered: four 500s, more than the Web API client retries in one call.
    slack.failNext('chat.postMessage', { rateLimited: 1 }, 1, topLevel);
    slack.failNext('chat.postMessage', { status: 503 }, 1, topLevel);
    t.world.push('Break the widget parser', 'failure');
    const posted = await slack.waitFor(() => slack.messages(CHANNEL)[0], 15_000);
    const posts = slack.callsTo('chat.postMessage').filter((call) => topLevel(call.params));
    expect(posts.map((call) => call.status)).toEqual([429, 503, 200]);
    expect((posts[2]?.time ?? 0) - (posts[0]?.time ?? 0)).toBeGreaterThanOrEqual(1_000);

    slack.failNext('chat.update', { status: 500 }, 4, (params) => params.ts === posted.ts);
    t.world.push('Fix the parser', 'success');
    await slack.waitFor(() => visibleText(slack.messages(CHANNEL)[0]).includes('Recovered after'), 20_000);
    expect(slack.messages(CHANNEL)).toHaveLength(1);
    expect(slack.messages(CHANNEL)[0]?.ts).toBe(posted.ts);
    const updates = slack.callsTo('chat.update').filter((call) => call.params.ts === posted.ts);
    expect(updates.slice(0, 4).map((call) => call.status)).toEqual([500, 500, 500, 500]);
    expect(updates.filter((call) => call.ok).length).toBeGreaterThan(0);
    // Exactly one top-level message was ever accepted: no second post for the same incident.
    expect(slack.callsTo('chat.postMessage').filter((call) => topLevel(call.params) && call.ok)).toHaveLength(
      1,
    );

    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toContain(
      'overseer_slack_calls_total{method="chat.postMessage",outcome="rate_limited"} 1',
    );
    expect(metrics).toContain('overseer_slack_calls_total{method="chat.postMessage",outcome="http_error"} 1');
    expect(metrics).toContain('overseer_slack_calls_total{method="chat.update",outcome="http_error"} 4');
    expect(metrics).toMatch(/^overseer_slack_calls_total\{method="chat.update",outcome="ok"\} [1-9]/m);
    expect(metrics).toMatch(/^overseer_slack_delivery_failures_total [1-9]/m);
  }, 45_000);
});
