import { describe, expect, it } from 'vitest';
import { configEnv } from '../support/config-file.js';
import { dashboardMetricNames, missingFromMetrics } from '../support/dashboard-metrics.js';
import { deliverWorkflowRun } from '../support/deliver-webhook.js';
import { CHANNEL, perTestWorld, REPO } from '../support/scenario.js';
import { waitForMetric } from '../support/wait-for-metric.js';

/** One watch whose incidents mention the channel a second after they open. */
const CONFIG = [
  'escalation:',
  '  - after: 0s',
  '    notify: channel',
  '  - after: 1s',
  '    mention: here',
  'repos:',
  `  - repo: ${REPO}`,
  '    workflow: ci.yml',
  '    branch: main',
  `    channel: ${CHANNEL}`,
];

/** The value of one sample line of /metrics text (`name{labels}`), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics, end to end', () => {
  const t = perTestWorld();

  it('counts cycles, GitHub and Slack calls, webhooks, log reads, escalation steps and open incidents; the Grafana dashboard reads only series it exposes', async () => {
    const { slack, github } = t.world;
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(configEnv(t.world, CONFIG, { OVERSEER_SCHEDULE: '* * * * * *' }));
    await github.waitFor((g) => g.requests.some((r) => r.path.endsWith('/runs') && r.status === 200), 10_000);
    // A later cycle reads the runs again, conditionally: a 304. (Once a webhook has been heard for
    // the watch, the polling planner leaves it to the 15-minute floor.)
    await github.waitFor((g) => g.requests.some((r) => r.path.endsWith('/runs') && r.status === 304), 10_000);

    const red = t.world.push('Break the widget parser', 'failure');
    // The failing job's log has expired (410): a log read that ends `expired`.
    for (const job of github.run(red.runId).attempts[0]?.jobs ?? []) github.setJobLog(job.id, 'gone');
    const delivered = await deliverWorkflowRun(bot, { ...red, conclusion: 'failure' }, 'metrics-delivery-1');
    expect(delivered.status).toBe(202);
    const incident = await slack.waitFor(() => slack.messages(CHANNEL)[0], 10_000);
    // The second step: @here in the thread.
    await slack.waitFor(
      () => slack.thread(CHANNEL, incident.ts).some((m) => m.text.includes('<!here>')),
      10_000,
    );

    const text = await waitForMetric(
      bot,
      (metrics) =>
        (sample(metrics, 'overseer_escalation_steps_fired_total') ?? 0) >= 1 &&
        sample(metrics, 'overseer_incidents_open') === 1,
    );
    expect(sample(text, 'overseer_cycles_total{outcome="ok"}')).toBeGreaterThan(0);
    expect(sample(text, 'overseer_cycle_duration_seconds_count')).toBeGreaterThan(0);
    expect(sample(text, 'overseer_github_requests_total{outcome="ok"}')).toBeGreaterThan(0);
    expect(sample(text, 'overseer_github_requests_total{outcome="not_modified"}')).toBeGreaterThan(0);
    // The expired log's 410s.
    expect(sample(text, 'overseer_github_requests_total{outcome="error"}')).toBeGreaterThan(0);
    expect(sample(text, 'overseer_github_requests_total{outcome="rate_limited"}')).toBe(0);
    expect(sample(text, 'overseer_github_rate_limit_remaining')).toBe(github.rateLimit.remaining);
    expect(sample(text, 'overseer_github_rate_limit_reset_seconds')).toBe(github.rateLimit.reset);
    expect(
      sample(text, 'overseer_slack_calls_total{method="chat.postMessage",outcome="ok"}'),
    ).toBeGreaterThan(0);
    expect(sample(text, 'overseer_slack_calls_total{method="auth.test",outcome="ok"}')).toBe(1);
    expect(sample(text, 'overseer_webhooks_total{event="workflow_run",result="accepted"}')).toBe(1);
    expect(sample(text, 'overseer_log_reads_total{outcome="expired"}')).toBeGreaterThan(0);
    expect(sample(text, 'overseer_incidents_open')).toBe(1);

    // Every series the dashboard queries is exposed (and the dashboard queries the ones issue 18 names).
    expect(missingFromMetrics(text)).toEqual([]);
    expect(dashboardMetricNames()).toEqual(
      expect.arrayContaining([
        'overseer_cycles_total',
        'overseer_cycle_duration_seconds_bucket',
        'overseer_github_requests_total',
        'overseer_github_rate_limit_remaining',
        'overseer_slack_calls_total',
        'overseer_slack_set_aside_total',
        'overseer_incidents_open',
        'overseer_escalation_steps_fired_total',
        'overseer_fix_tasks',
        'overseer_webhooks_total',
        'overseer_log_reads_total',
      ]),
    );

    // The fix's run completes: GitHub says so by webhook (the watch was heard from by webhook, so
    // the polling planner leaves its next poll to the 15-minute floor).
    const green = t.world.push('Fix the parser', 'success');
    const recovered = await deliverWorkflowRun(
      bot,
      { ...green, conclusion: 'success' },
      'metrics-delivery-2',
    );
    expect(recovered.status).toBe(202);
    await waitForMetric(bot, (metrics) => sample(metrics, 'overseer_incidents_open') === 0);
  }, 45_000);
});
