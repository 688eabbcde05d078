import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Telemetry } from '../../core/ports.js';

export interface Metrics {
  readonly registry: Registry;
  readonly telemetry: Telemetry;
  readonly webhooks: Counter<'event' | 'result'>;
  readonly refused: Counter<'route' | 'reason'>;
  /** Reads of GitHub's status page by result: fresh, unchanged (304), skipped, failed:<cause>. */
  readonly githubStatus: Counter<'result'>;
  readonly stalled: Gauge;
}

/** A registry of its own (no global state), with Node's default process metrics. */
export function createMetrics(sample: { githubNotModified(): number; githubFetched(): number }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'overseer_' });
  const checks = new Counter({
    name: 'overseer_ci_checks_total',
    help: 'CI checks of a watch, by verdict (red, green, no-signal) and episode event',
    labelNames: ['verdict', 'event'],
    registers: [registry],
  });
  const checkErrors = new Counter({
    name: 'overseer_ci_check_errors_total',
    help: 'CI checks that failed (GitHub or store errors); the previous state stood',
    labelNames: ['repo'],
    registers: [registry],
  });
  const slackFailures = new Counter({
    name: 'overseer_slack_delivery_failures_total',
    help: 'Slack deliveries that failed and were kept for retry',
    registers: [registry],
  });
  const slackSetAside = new Counter({
    name: 'overseer_slack_set_aside_total',
    help: 'Slack deliveries refused for good and set aside (never retried), by Web API method and Slack error code',
    labelNames: ['method', 'error'],
    registers: [registry],
  });
  const cycle = new Histogram({
    name: 'overseer_cycle_duration_seconds',
    help: 'Wall time of one CI check cycle over every watch',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'overseer_webhooks_total',
    help: 'GitHub webhook deliveries, by event and result',
    labelNames: ['event', 'result'],
    registers: [registry],
  });
  const refused = new Counter({
    name: 'overseer_http_refused_total',
    help: 'Slack and GitHub requests refused before or while reading their body, by route and reason',
    labelNames: ['route', 'reason'],
    registers: [registry],
  });
  const stalled = new Gauge({
    name: 'overseer_cycle_stalled',
    help: '1 when no CI check cycle completed within twice the schedule interval',
    registers: [registry],
  });
  const githubStatus = new Counter({
    name: 'overseer_github_status_polls_total',
    help: "Polls of GitHub's status page by result: fresh, unchanged (304), skipped (another replica's period), failed:<cause>",
    labelNames: ['result'],
    registers: [registry],
  });
  new Gauge({
    name: 'overseer_github_requests',
    help: 'GitHub GETs since start: fetched (counted against the rate limit) or not_modified (304, free)',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      this.set({ outcome: 'fetched' }, sample.githubFetched());
      this.set({ outcome: 'not_modified' }, sample.githubNotModified());
    },
  });
  const telemetry: Telemetry = {
    checkDone(outcome) {
      checks.inc({ verdict: outcome.verdict, event: outcome.event ?? 'none' });
      if (outcome.slackFailed) slackFailures.inc();
    },
    checkFailed(repo) {
      checkErrors.inc({ repo });
    },
    cycleDone(durationMs) {
      cycle.observe(durationMs / 1000);
    },
    slackSetAside(method, code) {
      slackSetAside.inc({ method, error: code });
    },
  };
  return { registry, telemetry, webhooks, refused, stalled, githubStatus };
}
