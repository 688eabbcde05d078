import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { type CheckDeps, checkWatch } from './check-watch.js';
import { createChecks } from './ci/create-checks.js';
import { createPollLedger } from './ci/poll-ledger.js';
import { findTargetIn, targetsInChannel } from './ci/watch-lookups.js';
import { createWatchSources } from './ci/watch-sources.js';
import type { WatchTarget } from './ci/watch-target.js';
import { createHealth } from './core/health.js';
import type { Clock } from './core/ports.js';
import { createEscalation } from './escalation/create-escalation.js';
import { onCallOf } from './escalation/on-call-of.js';
import { createFixTasks } from './fix-tasks/create-fix-tasks.js';
import { createAdapters } from './platform/create-adapters.js';
import { renderOutageDm } from './platform/slack/escalation/outage-view.js';
import { registerSlackListeners } from './platform/slack/register-slack-listeners.js';
import { slackPresenter } from './platform/slack/slack-presenter.js';
import { pollBudget } from './poll-budget.js';
import type { Config } from './settings/config.js';
import { createSettings } from './settings/settings.js';
import { homeRefreshJob, slackHandlers } from './slack-handlers.js';
import { type Overseer, startOverseer } from './start-overseer.js';

export type { Overseer };

/** The window `maxPerCycle` counts in before the schedule's interval is known. */
const DEFAULT_CYCLE_WINDOW_MS = 5 * 60_000;

/** Wires every adapter to the capabilities and starts serving. The one place that knows them all. */
export async function createOverseer(
  config: Config,
  log: Logger,
  clock: Clock = { now: Date.now },
): Promise<Overseer> {
  const replicaId = randomUUID();
  const adapters = await createAdapters(config, log, clock);
  const { store, forge, chat, metrics } = adapters;
  // Each watch's escalation policy: its own steps, or the global ones; frozen into each incident.
  const watches = config.repos.map((repo) => ({
    ...repo,
    policy: { steps: repo.escalation ?? config.escalation, repeat: config.repeat },
    rules: config.rules,
  }));
  const sources = createWatchSources(watches, adapters.ci, clock.now);
  // What the polling planner knows of each watch; the pages of runs each look reads are counted.
  const ledger = createPollLedger(sources);
  const ci = ledger.countPages(adapters.ci);
  const oncall = onCallOf(config.oncall);
  const health = createHealth(clock.now(), !config.selfHeal.enabled, {
    github: config.selfHeal.enabled && sources.length > 0,
    socket: config.slack.mode === 'socket',
  });
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  // Read on every use, so a pause or a flag changed from Slack counts at once on every replica.
  const settings = createSettings({ store, clock, log, defaults: config.selfHeal });
  const fixTasks = createFixTasks({
    store,
    settings,
    clock,
    log,
    caps: { maxPerCycle: config.selfHeal.maxPerCycle, maxOpenTasks: config.selfHeal.maxOpenTasks },
    windowMs: () => health.cycle.intervalMs ?? DEFAULT_CYCLE_WINDOW_MS,
    forge,
    approvers: config.approvers,
  });
  const checkDeps: CheckDeps = {
    store,
    ci,
    chat,
    presenter: slackPresenter,
    clock,
    log,
    jobLogs: adapters.jobLogs,
    settings,
    originate: fixTasks.originate,
    forge,
    approvers: config.approvers,
    oncall,
    channels: adapters.channels,
    // Deliveries Slack refuses for good are set aside, counted, and told to the admins once per cause.
    telemetry: metrics.telemetry,
    admins: config.admins,
  };
  // `selfHeal.enabled` turned off from Slack stops every replica's checks at its next cycle. A
  // settings read that fails keeps checking: alerts fail open (only autonomous actions fail closed).
  const checksEnabled = async () => {
    const read = await settings.read();
    return !read.ok || read.settings.selfHeal.enabled;
  };
  const { check, cycle } = createChecks({
    ...checkDeps,
    check: (target: WatchTarget) => checkWatch(checkDeps, target),
    health,
    telemetry: metrics.telemetry,
    targets: () => sources,
    checksEnabled,
    polling: {
      ledger,
      budget: pollBudget(adapters.github),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
    awake: config.selfHeal.enabled,
    track,
  });
  const findTarget = findTargetIn(sources, config.selfHeal.enabled);
  const handlers = slackHandlers({
    config,
    checkDeps,
    health,
    settings,
    oncall,
    sources,
    findTarget,
    targetsIn: targetsInChannel(sources, config.selfHeal.enabled),
    check,
    decisions: fixTasks.decisions(checkDeps, findTarget),
  });
  registerSlackListeners(adapters.slack.app, handlers);

  return startOverseer({
    config,
    log,
    clock,
    replicaId,
    adapters,
    health,
    sources,
    check,
    // A webhook for a watch: its deliveries arrive, so the poll can wait longer (see planPolling).
    heard: (source) => ledger.heard(source, clock.now()),
    followsFix: (source) => fixTasks.followsFix(source.peek()),
    cycle,
    inFlight,
    track,
    // People who opened the Home tab lately get it republished when what it shows changes.
    // People who opened the Home tab lately get it republished when what it shows changes.
    jobs: [homeRefreshJob(handlers, adapters.slack.client)],
    awakeJobs: createEscalation({
      outages: {
        store,
        chat,
        clock,
        log,
        health,
        admins: config.admins,
        rules: config.rules,
        text: (alert) => renderOutageDm(alert, clock.now()),
      },
      steps: { ...checkDeps, findTarget },
    }).jobs,
  });
}
