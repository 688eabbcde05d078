import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/platform/http/metrics.js';
import { dashboardMetricNames, missingFromMetrics } from '../../support/dashboard-metrics.js';

function metricsWith(requests = { ok: 0, notModified: 0, error: 0, rateLimited: 0 }) {
  return createMetrics({
    githubFetched: () => requests.ok,
    githubNotModified: () => requests.notModified,
    githubRequests: () => requests,
  });
}

const watch = (key: string, incidentOpen: boolean, taskState?: string) => ({
  verdict: incidentOpen ? 'red' : 'green',
  slackFailed: false,
  watch: key,
  incidentOpen,
  ...(taskState === undefined ? {} : { taskState }),
});

describe('metrics', () => {
  it('incidents open and fix tasks by state follow each watch as of its last check', async () => {
    const metrics = metricsWith();
    metrics.telemetry.checkDone(watch('acme/a:ci.yml:main', true, 'pending'));
    metrics.telemetry.checkDone(watch('acme/b:ci.yml:main', true, 'running'));
    metrics.telemetry.checkDone(watch('acme/c:ci.yml:main', true, 'pending'));
    let text = await metrics.registry.metrics();
    expect(text).toContain('overseer_incidents_open 3');
    expect(text).toContain('overseer_fix_tasks{state="pending"} 2');
    expect(text).toContain('overseer_fix_tasks{state="running"} 1');

    metrics.telemetry.checkDone(watch('acme/a:ci.yml:main', false, 'merged'));
    metrics.telemetry.checkDone(watch('acme/b:ci.yml:main', false));
    text = await metrics.registry.metrics();
    expect(text).toContain('overseer_incidents_open 1');
    expect(text).toContain('overseer_fix_tasks{state="pending"} 1');
    expect(text).toContain('overseer_fix_tasks{state="merged"} 1');
    expect(text).not.toContain('overseer_fix_tasks{state="running"}');
  });

  it('cycles by outcome; an idle cycle (checks off) is counted but not timed', async () => {
    const metrics = metricsWith();
    metrics.telemetry.cycleDone(1_500, 'ok');
    metrics.telemetry.cycleDone(2_000, 'partial');
    metrics.telemetry.cycleDone(1, 'idle');
    metrics.telemetry.escalationStepsFired(2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('overseer_cycles_total{outcome="ok"} 1');
    expect(text).toContain('overseer_cycles_total{outcome="partial"} 1');
    expect(text).toContain('overseer_cycles_total{outcome="idle"} 1');
    expect(text).toContain('overseer_cycle_duration_seconds_count 2');
    expect(text).toContain('overseer_cycle_duration_seconds_sum 3.5');
    expect(text).toContain('overseer_escalation_steps_fired_total 2');
  });

  it('GitHub requests by outcome and the budget left, read from the client when scraped', async () => {
    const requests = {
      ok: 5,
      notModified: 7,
      error: 1,
      rateLimited: 2,
      remaining: 4990,
      reset: 1_800_000_000,
      pacing: { waited: 3, waitedMs: 4_500, refused: 1, othersSpent: 420 },
    };
    const metrics = metricsWith(requests);
    let text = await metrics.registry.metrics();
    expect(text).toContain('overseer_github_requests_total{outcome="ok"} 5');
    expect(text).toContain('overseer_github_requests_total{outcome="not_modified"} 7');
    expect(text).toContain('overseer_github_requests_total{outcome="error"} 1');
    expect(text).toContain('overseer_github_requests_total{outcome="rate_limited"} 2');
    expect(text).toContain('overseer_github_rate_limit_remaining 4990');
    expect(text).toContain('overseer_github_rate_limit_reset_seconds 1800000000');
    expect(text).toContain('overseer_github_paced_total{outcome="waited"} 3');
    expect(text).toContain('overseer_github_paced_total{outcome="gave_up"} 1');
    expect(text).toContain('overseer_github_paced_seconds_total 4.5');
    expect(text).toContain('overseer_github_pacing_others_points 420');
    requests.ok = 6;
    text = await metrics.registry.metrics();
    expect(text).toContain('overseer_github_requests_total{outcome="ok"} 6');
  });

  it('the dashboard check finds a series /metrics lacks', async () => {
    const text = await metricsWith().registry.metrics();
    expect(missingFromMetrics(text)).toEqual([]);
    const without = text
      .split('\n')
      .filter((line) => !line.includes('overseer_log_reads_total'))
      .join('\n');
    expect(missingFromMetrics(without)).toEqual(['overseer_log_reads_total']);
    expect(dashboardMetricNames()).toContain('overseer_log_reads_total');
  });
});
