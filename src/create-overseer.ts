import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { type CheckDeps, checkWatch } from './check-watch.js';
import { createChecks } from './ci/create-checks.js';
import type { WatchDoc } from './ci/watch-doc.js';
import { findTargetIn, targetsInChannel } from './ci/watch-lookups.js';
import { createWatchSources } from './ci/watch-sources.js';
import { createHealth } from './core/health.js';
import type { Clock } from './core/ports.js';
import { trackWork } from './core/track-work.js';
import { createPolling, githubPacingJob } from './create-polling.js';
import { createReport } from './create-report.js';
import { createEscalation } from './escalation/create-escalation.js';
import { scheduleEscalation } from './escalation/fire-due-steps.js';
import { pageSender } from './escalation/index.js';
import { onCallOf } from './escalation/on-call-of.js';
import { createFixTasks } from './fix-tasks/create-fix-tasks.js';
import { createIncidents } from './incidents/create-incidents.js';
import { createAdapters } from './platform/create-adapters.js';
import { renderOutageDm } from './platform/slack/escalation/outage-view.js';
import { registerSlackListeners } from './platform/slack/register-slack-listeners.js';
import { slackPresenter } from './platform/slack/slack-presenter.js';
import type { Config } from './settings/config.js';
import { createSettingChanges } from './settings/create-setting-changes.js';
import { createSettings } from './settings/settings.js';
import { watchesOf } from './settings/watches-of.js';
import { homeRefreshJob, slackHandlers } from './slack-handlers.js';
import { type Overseer, startOverseer } from './start-overseer.js';
import { createStorms, stormsOf } from './storms/index.js';
import { createTalk } from './talk/create-talk.js';

export type { Overseer };

/**
 * Wires every adapter to the capabilities and starts serving. The one place that knows them all:
 * each capability wires itself (create<Capability>), and is handed what it needs from here.
 */
export async function createOverseer(
  config: Config,
  log: Logger,
  clock: Clock = { now: Date.now },
): Promise<Overseer> {
  const adapters = await createAdapters(config, log, clock);
  const { store, forge, chat, jobLogs, channels } = adapters;
  const { approvers, admins, selfHeal, rules } = config;
  const awake = selfHeal.enabled;
  const sources = createWatchSources(watchesOf(config), adapters.ci, clock.now);
  const { ci, pollingCi, polling, heard } = createPolling(sources, adapters, adapters.github, {
    clock,
    store,
    log,
  });
  const health = createHealth(clock.now(), !awake, {
    github: awake && sources.length > 0,
    socket: config.slack.mode === 'socket',
  });
  // Read on every use, so a pause or a flag changed from Slack counts at once on every replica.
  const settings = createSettings({ store, clock, log, defaults: selfHeal });
  const changes = createSettingChanges({ store, chat, clock, admins, settings });
  const cycleMs = () => health.cycle.intervalMs;
  const work = trackWork();
  // With replicas (Redis), a SIGTERM fences the outbox drains and the fix task proposals: the
  // Slack call under way completes, the rest is owed to the others at once. The one process of an
  // embedded store has nobody to hand it to, so it goes on within the shutdown's grace.
  const fenced = config.store.kind === 'redis' ? { stopping: work.stopping } : {};
  const fixTasks = createFixTasks({
    ...{ store, settings, clock, log, selfHeal, cycleMs, forge, approvers },
    ...fenced,
  });
  const oncall = onCallOf(config.oncall);
  // Deliveries Slack refuses for good are set aside, counted, and told to the admins once per cause.
  const telemetry = adapters.metrics.telemetry;
  const findTarget = findTargetIn(sources, awake);
  const checkDeps: CheckDeps = {
    store,
    ci,
    chat,
    presenter: slackPresenter,
    clock,
    log,
    jobLogs,
    settings,
    originate: fixTasks.originate,
    forge,
    approvers,
    oncall,
    pages: pageSender,
    channels,
    telemetry,
    admins,
    storms: stormsOf(config.repos, config.storms.window, findTarget),
    ...fenced,
  };
  const checks = createChecks({
    ...checkDeps,
    check: (target) => checkWatch(checkDeps, target),
    poll: (target) => checkWatch({ ...checkDeps, ci: pollingCi }, target),
    health,
    telemetry,
    targets: () => sources,
    checksEnabled: changes.checksEnabled,
    awake,
    track: work.track,
    // Any store: a stopping process starts no further look of its cycle.
    stopping: work.stopping,
    polling,
  });
  const talk = createTalk({ ...checkDeps, health, settings, sources, defaults: selfHeal, admins, oncall });
  const targetsIn = targetsInChannel(sources, awake);
  const incidents = createIncidents({ ...checkDeps, findTarget, targetsIn });
  const decisions = fixTasks.decisions(checkDeps, findTarget);
  const schedule = (doc: WatchDoc, id: string, now: number) => scheduleEscalation(store, doc, id, now);
  const storms = createStorms({ ...checkDeps, findTarget, windowMs: config.storms.window, schedule });
  const client = adapters.slack.client;
  const replicaId = randomUUID();
  const report = createReport({ ...checkDeps, settings: config.report, client, replicaId, sources });
  const parts = { config, checkDeps, talk, incidents, storms, changes, decisions, sources, checks };
  const handlers = slackHandlers({ ...parts, report: report.command, track: work.track });
  registerSlackListeners(adapters.slack, handlers);
  const text = (alert: Parameters<typeof renderOutageDm>[0]) => renderOutageDm(alert, clock.now());
  // GitHub's status page, read once per period across replicas; `storms.githubStatus: false`: never.
  const count = (result: string) => adapters.metrics.githubStatus.inc({ result });
  const githubStatus = { statusPage: adapters.statusPage, count, replicaId };
  const escalation = createEscalation({
    ...checkDeps,
    ...{ findTarget, health, admins, rules, text, telemetry },
    ...(config.storms.githubStatus ? { githubStatus } : {}),
  });

  return startOverseer({
    ...{ config, log, clock, adapters, health, sources, checks, work, heard },
    followsFix: (source) => fixTasks.followsFix(source.peek()),
    // People who opened the Home tab lately get it republished when what it shows changes.
    jobs: [
      homeRefreshJob(handlers, client),
      report.job,
      incidents.job,
      fixTasks.job(checkDeps, findTarget),
      // Replicas share one token's secondary limit; the one process of an embedded store has it all.
      ...(config.store.kind === 'redis'
        ? [githubPacingJob(adapters.github, replicaId, { clock, store, log })]
        : []),
    ],
    awakeJobs: escalation.jobs,
  });
}
