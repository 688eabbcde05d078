import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Telemetry } from '../../core/ports.js';
import { type GitHubSample, registerGitHubSeries } from './github-series.js';

export type { GitHubSample } from './github-series.js';

export interface Metrics {
  readonly registry: Registry;
  readonly telemetry: Telemetry;
  readonly webhooks: Counter<'event' | 'result'>;
  readonly refused: Counter<'route' | 'reason'>;
  /** Reads of GitHub's status page by result: fresh, unchanged (304), skipped, failed:<cause>. */
  readonly githubStatus: Counter<'result'>;
  readonly stalled: Gauge;
  /** One Slack Web API call (each HTTP attempt) and how it ended. */
  readonly slackCalls: Counter<'method' | 'outcome'>;
  /** One job log read and how it ended (`ok`, `expired`, `not found`, `forbidden`, `unreachable`). */
  readonly logReads: Counter<'outcome'>;
}

/** A registry of its own (no global state), with Node's default process metrics. */
export function createMetrics(sample: GitHubSample): Metrics {
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
  const cycles = new Counter({
    name: 'overseer_cycles_total',
    help: 'CI check cycles, by outcome: ok (every watch read), partial (some could not be), idle (checks turned off)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const stepsFired = new Counter({
    name: 'overseer_escalation_steps_fired_total',
    help: 'Escalation steps fired (a mention, a DM, a page owed to Slack)',
    registers: [registry],
  });
  const slackCalls = new Counter({
    name: 'overseer_slack_calls_total',
    help: 'Slack Web API calls (each HTTP attempt), by method and outcome: ok, error (ok false), rate_limited (429), http_error, unreachable',
    labelNames: ['method', 'outcome'],
    registers: [registry],
  });
  const logReads = new Counter({
    name: 'overseer_log_reads_total',
    help: 'Job log reads, by outcome: ok, expired, not found, forbidden, unreachable',
    labelNames: ['outcome'],
    registers: [registry],
  });
  // Per watch, as of its last check; a watch never checked yet counts in neither.
  const watches = new Map<string, { readonly incidentOpen: boolean; readonly taskState?: string }>();
  new Gauge({
    name: 'overseer_incidents_open',
    help: "Watches with an open incident, as of each watch's last check by this process",
    registers: [registry],
    collect() {
      let open = 0;
      for (const watch of watches.values()) if (watch.incidentOpen) open += 1;
      this.set(open);
    },
  });
  new Gauge({
    name: 'overseer_fix_tasks',
    help: "Each watch's latest fix task, by state, as of the watch's last check by this process",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const watch of watches.values())
        if (watch.taskState !== undefined) this.inc({ state: watch.taskState });
    },
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
  registerGitHubSeries(registry, sample);
  const githubStatus = new Counter({
    name: 'overseer_github_status_polls_total',
    help: "Polls of GitHub's status page by result: fresh, unchanged (304), skipped (another replica's period), failed:<cause>",
    labelNames: ['result'],
    registers: [registry],
  });
  const telemetry: Telemetry = {
    checkDone(outcome) {
      checks.inc({ verdict: outcome.verdict, event: outcome.event ?? 'none' });
      if (outcome.slackFailed) slackFailures.inc();
      watches.set(outcome.watch, {
        incidentOpen: outcome.incidentOpen,
        ...(outcome.taskState === undefined ? {} : { taskState: outcome.taskState }),
      });
    },
    checkFailed(repo) {
      checkErrors.inc({ repo });
    },
    cycleDone(durationMs, outcome) {
      cycles.inc({ outcome });
      if (outcome !== 'idle') cycle.observe(durationMs / 1000);
    },
    escalationStepsFired(count) {
      stepsFired.inc(count);
    },
    slackSetAside(method, code) {
      slackSetAside.inc({ method, error: code });
    },
  };
  return { registry, telemetry, webhooks, refused, stalled, slackCalls, logReads, githubStatus };
}
