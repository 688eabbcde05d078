import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { type CheckDeps, checkWatch } from './check-watch.js';
import { coalesceChecks } from './ci/coalesce-checks.js';
import { type CycleDeps, checkAndRecord, runCycle, type WatchTargetSource } from './ci/run-cycle.js';
import { type WatchDoc, watchDocKey } from './ci/watch-doc.js';
import { createWatchSources } from './ci/watch-sources.js';
import { watchStall } from './ci/watch-stall.js';
import type { WatchTarget } from './ci/watch-target.js';
import { isAllowed } from './core/authorize.js';
import { cachedDirectory } from './core/cached-directory.js';
import { watchKey } from './core/domain/types.js';
import { eachAtMost } from './core/each-at-most.js';
import { createHealth } from './core/health.js';
import type { Clock } from './core/ports.js';
import { withDeadline } from './core/with-deadline.js';
import { requestRerun } from './diagnosis/request-rerun.js';
import { alertOutages } from './escalation/alert-outages.js';
import { onCallAt } from './escalation/domain/oncall.js';
import { fireDueSteps } from './escalation/fire-due-steps.js';
import { onCallOf } from './escalation/on-call-of.js';
import { approveMerge, approveTask, type DecideDeps, dismissTask } from './fix-tasks/decide-task.js';
import { fixOf } from './fix-tasks/fix-of.js';
import { followedTasks } from './fix-tasks/follow-fix.js';
import { type OriginateDeps, originateTask } from './fix-tasks/originate-task.js';
import { acknowledgeIncident } from './incidents/acknowledge-incident.js';
import { findThreadIncident } from './incidents/find-thread-incident.js';
import { recordThreadReply } from './incidents/record-thread-reply.js';
import { createOctokit } from './platform/github/create-octokit.js';
import { createGitHubCi } from './platform/github/github-ci.js';
import { createGitHubFixes } from './platform/github/github-fixes.js';
import { createJobLogs } from './platform/github/job-logs.js';
import { createIngress, type IngressLimits } from './platform/http/create-ingress.js';
import { createHttpServer } from './platform/http/create-server.js';
import { createWebhookHandler } from './platform/http/github-webhook.js';
import { healthRoutes } from './platform/http/health-routes.js';
import { createMetrics } from './platform/http/metrics.js';
import { slackEventsRoute } from './platform/http/slack-events-route.js';
import { every, type Ticker } from './platform/schedule/every.js';
import { type CycleSchedule, scheduleCycle } from './platform/schedule/schedule-cycle.js';
import { createSlackApp } from './platform/slack/create-slack-app.js';
import { renderOutageDm } from './platform/slack/escalation/outage-view.js';
import { registerSlackListeners } from './platform/slack/register-slack-listeners.js';
import { createSlackChat } from './platform/slack/slack-chat.js';
import { createSlackIncidentChannels } from './platform/slack/slack-incident-channels.js';
import { slackPresenter } from './platform/slack/slack-presenter.js';
import { type SlackStart, startSlack } from './platform/slack/start-slack.js';
import { HOME_REFRESH_MS, refreshHomeViews } from './platform/slack/talk/home-refresh.js';
import { createStore } from './platform/store/create-store.js';
import { changeFlag } from './settings/change-flag.js';
import { changePause } from './settings/change-pause.js';
import type { Config } from './settings/config.js';
import { createSettings } from './settings/settings.js';
import { describeEpisodes } from './talk/describe-episodes.js';
import { describeFlags } from './talk/describe-flags.js';
import { describeStatus } from './talk/describe-status.js';
import { describeWorkingOn } from './talk/describe-working-on.js';
import { explainRed } from './talk/explain-red.js';

export interface Overseer {
  /** The port the HTTP server listens on. */
  readonly port: number;
  /**
   * Settles with an error no retry can fix that was found after start-up went on (a Slack token
   * refused once Slack answered): the process must report it and stop. Pending otherwise.
   */
  readonly failed: Promise<Error>;
  stop(): Promise<void>;
}

/** The window `maxPerCycle` counts in before the schedule's interval is known. */
const DEFAULT_CYCLE_WINDOW_MS = 5 * 60_000;

/**
 * How often due escalation steps are looked for in the store. One cheap claim per tick per
 * replica; steps are minutes apart in practice, so a second late is nothing.
 */
const ESCALATION_TICK_MS = 1_000;

/** How long shutdown waits for in-flight checks and deliveries. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Bounds on the public request bodies (webhooks, Slack over HTTP). The events used are tens of KB
 * and Slack payloads a few KB, so 1 MB is ample; 16 bodies at once caps their memory at 16 MB.
 */
const INGRESS_LIMITS: IngressLimits = {
  maxBodyBytes: 1024 * 1024,
  maxInFlight: 16,
  bodyTimeoutMs: 10_000,
  retryAfterSeconds: 5,
};

/** How many watches `/overseer check` checks at once. */
const MANUAL_CHECK_CONCURRENCY = 3;
/** How many checks webhooks may have running at once, across watches. */
const WEBHOOK_CHECK_CONCURRENCY = 4;

/** Wires every adapter to the use cases and starts serving. The one place that knows them all. */
export async function createOverseer(
  config: Config,
  log: Logger,
  clock: Clock = { now: Date.now },
): Promise<Overseer> {
  const replicaId = randomUUID();
  const store = await createStore(config.store, log);
  const github = createOctokit({ baseUrl: config.github.apiUrl, auth: config.github.auth, log });
  const ci = createGitHubCi(github.octokit);
  const forge = createGitHubFixes(github.octokit, config.github.auth.kind);
  const slack = createSlackApp({
    botToken: config.slack.botToken,
    ...(config.slack.appToken ? { appToken: config.slack.appToken } : {}),
    ...(config.slack.signingSecret ? { signingSecret: config.slack.signingSecret } : {}),
    apiUrl: config.slack.apiUrl,
    log,
  });
  // Directory reads remembered a while: users.lookupByEmail is Tier 3, one author's burst of reds asks once.
  const chat = cachedDirectory(createSlackChat(slack.client), clock);
  const metrics = createMetrics({
    githubFetched: () => github.etags.fetched,
    githubNotModified: () => github.etags.notModified,
  });
  const ingress = createIngress(INGRESS_LIMITS, (route, reason) => metrics.refused.inc({ route, reason }));
  // Each watch's escalation policy: its own steps, or the global ones; frozen into each incident.
  const watches = config.repos.map((repo) => ({
    ...repo,
    policy: { steps: repo.escalation ?? config.escalation, repeat: config.repeat },
    rules: config.rules,
  }));
  const sources = createWatchSources(watches, ci, clock.now);
  const oncall = onCallOf(config.oncall);
  const health = createHealth(clock.now(), !config.selfHeal.enabled, {
    github: config.selfHeal.enabled && sources.length > 0,
    socket: config.slack.mode === 'socket',
  });
  const listSources = () => sources;
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  // Read on every use, so a pause or a flag changed from Slack counts at once on every replica.
  const settings = createSettings({ store, clock, log, defaults: config.selfHeal });
  const originateDeps: OriginateDeps = {
    store,
    settings,
    clock,
    log,
    caps: { maxPerCycle: config.selfHeal.maxPerCycle, maxOpenTasks: config.selfHeal.maxOpenTasks },
    windowMs: () => health.cycle.intervalMs ?? DEFAULT_CYCLE_WINDOW_MS,
    forge,
    // The watch's own entry (repo, workflow and branch): two watches of one repo keep their own.
    fixOf,
  };
  const checkDeps: CheckDeps = {
    store,
    ci,
    chat,
    presenter: slackPresenter,
    clock,
    log,
    jobLogs: createJobLogs(github.octokit),
    settings,
    originate: (target, incidentId) => originateTask(originateDeps, target, incidentId),
    forge,
    approvers: config.approvers,
    oncall,
    // Used only for repos with incidentChannels; their scopes are in the optional manifest section.
    channels: createSlackIncidentChannels(slack.client),
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
  const cycleDeps: CycleDeps = {
    ...checkDeps,
    check: (target) => checkWatch(checkDeps, target),
    health,
    telemetry: metrics.telemetry,
    targets: listSources,
    checksEnabled,
  };
  const findTarget = async (key: string) => {
    for (const source of sources) {
      // Right after a restart a default branch may not be resolved yet; dormant, GitHub is never asked.
      let target = source.peek();
      if (target === undefined && config.selfHeal.enabled)
        target = await source.resolve().catch(() => undefined);
      if (target && watchKey(target.watch) === key) return target;
    }
    return undefined;
  };
  // The watches whose incidents go to `channel`: an incident thread is looked for in their
  // documents only (find-thread-incident.ts), so a channel no watch posts to costs no read.
  const targetsIn = async (channel: string) => {
    const found: WatchTarget[] = [];
    for (const source of sources) {
      if (source.channel !== channel) continue;
      let target = source.peek();
      if (target === undefined && config.selfHeal.enabled)
        target = await source.resolve().catch(() => undefined);
      if (target) found.push(target);
    }
    return found;
  };
  const check = async (source: WatchTargetSource) => {
    if (!config.selfHeal.enabled || !(await checksEnabled())) return false;
    const work = checkAndRecord(cycleDeps, source);
    track(work);
    return (await work) !== undefined;
  };
  const decideDeps: DecideDeps = { ...checkDeps, forge, settings, findTarget, approvers: config.approvers };
  const status = (scope?: { readonly channel?: string }) =>
    describeStatus({ store, health, clock, settings, sources: listSources }, scope);

  const flags = () => describeFlags({ store, clock, log, defaults: config.selfHeal });
  const episodes = (repo?: string) => describeEpisodes({ store, clock, log }, repo);
  const isAdmin = (user: string) => isAllowed(chat, config.admins, user);

  registerSlackListeners(slack.app, {
    chat,
    log,
    store,
    status,
    why: (where) => explainRed({ store }, where),
    acknowledge: (id, user) => acknowledgeIncident({ ...checkDeps, findTarget }, id, user),
    rerun: (id, user) =>
      requestRerun(
        { ...checkDeps, findTarget, rerunBy: config.rerunBy, approvers: config.approvers },
        id,
        user,
      ),
    approveTask: (click) => approveTask(decideDeps, click),
    dismissTask: (click, reason) => dismissTask(decideDeps, click, reason),
    approveMerge: (click) => approveMerge(decideDeps, click),
    changePause: (user, request) => changePause({ store, chat, clock, admins: config.admins }, user, request),
    workingOn: (query) => describeWorkingOn({ store, clock, log }, query),
    flags,
    changeFlag: (user, request) => changeFlag({ store, chat, clock, admins: config.admins }, user, request),
    episodes,
    isAdmin,
    oncall: () => onCallAt(oncall, clock.now()),
    now: () => clock.now(),
    threadIncident: (channel, threadTs) => findThreadIncident({ store, targetsIn }, channel, threadTs),
    recordReply: (found, reply) => recordThreadReply({ store }, found.target, found.slot.incident.id, reply),
    dormant: !config.selfHeal.enabled,
    check: async (repo) => {
      const picked = sources.filter(
        (source) => repo === undefined || source.repo.toLowerCase() === repo.toLowerCase(),
      );
      // A few at a time: `/overseer check` of many watches must not burst GitHub.
      await eachAtMost(picked, MANUAL_CHECK_CONCURRENCY, check);
      return picked.length;
    },
  });

  const server = createHttpServer(
    {
      ...healthRoutes({ store, health, clock, metrics, log }),
      'POST /webhooks/github': createWebhookHandler({
        secret: config.github.webhookSecret,
        ingress,
        store,
        log,
        // Dormant: no watch matches, so a delivery costs no GitHub call (not even a branch lookup).
        sources: () => (config.selfHeal.enabled ? sources : []),
        // A burst of deliveries: a few checks at once, one running and one owed per watch.
        check: coalesceChecks(check, WEBHOOK_CHECK_CONCURRENCY),
        track,
        count: (event, result) => metrics.webhooks.inc({ event, result }),
        followsFix: async (source) => {
          const target = source.peek();
          if (target === undefined) return false;
          const doc = (await store.get<WatchDoc>(watchDocKey(target.watch)))?.value;
          return doc !== undefined && followedTasks(doc).length > 0;
        },
      }),
      ...(slack.requestListener
        ? { 'POST /slack/events': slackEventsRoute(slack.requestListener, ingress) }
        : {}),
    },
    log,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info(
    { port, mode: config.slack.mode, store: config.store.kind, watches: sources.length },
    'Overseer listening',
  );

  let fail: (error: Error) => void = () => {};
  const failed = new Promise<Error>((resolve) => {
    fail = resolve;
  });
  let slackStart: SlackStart;
  try {
    slackStart = await startSlack(slack, health, clock, log, fail);
  } catch (error) {
    server.close();
    await store.close();
    throw error;
  }

  // People who opened the Home tab lately get it republished when what it shows changes.
  const homeTicker = every(HOME_REFRESH_MS, 'home-refresh', log, () =>
    refreshHomeViews({
      client: slack.client,
      store,
      log,
      now: clock.now,
      status,
      flags,
      episodes,
      isAdmin,
    }),
  );
  let schedule: CycleSchedule | undefined;
  let escalationTicker: Ticker | undefined;
  let outageTicker: Ticker | undefined;
  let stopStallWatch = () => {};
  if (!config.selfHeal.enabled) {
    log.info({}, 'Overseer is dormant: OVERSEER_SELF_HEAL_ENABLED is off, so no GitHub call is made');
  } else {
    if (sources.length === 0)
      log.warn({}, 'Nothing is watched: set OVERSEER_REPO and OVERSEER_CHANNEL or list repos');
    // One cycle at a time in this process, the start-up one included (node-cron's noOverlap only
    // knows its own runs).
    let running: Promise<void> | undefined;
    const cycle = async () => {
      if (running) return;
      running = runCycle(cycleDeps).catch((error: unknown) => log.error({ err: error }, 'CI cycle failed'));
      await running.finally(() => {
        running = undefined;
      });
    };
    schedule = scheduleCycle({
      expression: config.schedule,
      name: 'overseer-ci-check',
      store,
      replicaId,
      log,
      run: cycle,
    });
    health.cycle.intervalMs = schedule.intervalMs;
    stopStallWatch = watchStall(health, clock, log, Math.min(schedule.intervalMs, 60_000));
    // The loop stalled or GitHub unreachable for long enough: the admins get one DM per outage.
    outageTicker = every(Math.min(schedule.intervalMs, 60_000), 'outage-alerts', log, () =>
      alertOutages({
        store,
        chat,
        clock,
        log,
        health,
        admins: config.admins,
        rules: config.rules,
        text: (alert) => renderOutageDm(alert, clock.now()),
      }),
    );
    track(cycle());
    // Due steps are claimed from the store, so a step that came due while every replica was down
    // fires at the first tick after start-up, and with several replicas each fires once.
    escalationTicker = every(ESCALATION_TICK_MS, 'escalation', log, () =>
      fireDueSteps({ ...checkDeps, findTarget }),
    );
  }

  return {
    port,
    failed,
    async stop() {
      slackStart.cancel();
      stopStallWatch();
      await schedule?.stop();
      await escalationTicker?.stop();
      await outageTicker?.stop();
      await homeTicker.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await withDeadline(
        Promise.allSettled([...inFlight, slackStart.started]),
        SHUTDOWN_GRACE_MS,
        () => new Error('in-flight work outlasted the grace period'),
      ).catch(() =>
        log.warn({ pending: inFlight.size }, 'Shutdown grace period over; in-flight work abandoned'),
      );
      await slack
        .stop()
        .catch((error: unknown) => log.warn({ err: error }, 'Slack connection did not close cleanly'));
      await store.close();
    },
  };
}
