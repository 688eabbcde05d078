// Composition: serving and the background work. The HTTP routes, the Slack connection, the cron
// cycle and the tickers started in order, and stopped gracefully.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { coalesceChecks } from './ci/coalesce-checks.js';
import type { WatchTargetSource } from './ci/run-cycle.js';
import { watchStall } from './ci/watch-stall.js';
import type { Health } from './core/health.js';
import type { Clock } from './core/ports.js';
import { withDeadline } from './core/with-deadline.js';
import type { Adapters } from './platform/create-adapters.js';
import { createHttpServer } from './platform/http/create-server.js';
import { createWebhookHandler } from './platform/http/github-webhook.js';
import { healthRoutes } from './platform/http/health-routes.js';
import { slackEventsRoute } from './platform/http/slack-events-route.js';
import { every, type Ticker } from './platform/schedule/every.js';
import { type CycleSchedule, scheduleCycle } from './platform/schedule/schedule-cycle.js';
import { type SlackStart, startSlack } from './platform/slack/start-slack.js';
import type { Config } from './settings/config.js';

/** How long shutdown waits for in-flight checks and deliveries. */
const SHUTDOWN_GRACE_MS = 5_000;
/** How many checks webhooks may have running at once, across watches. */
const WEBHOOK_CHECK_CONCURRENCY = 4;

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

/** Work done every `everyMs` by one of the capabilities. */
export interface Job {
  readonly name: string;
  readonly everyMs: number;
  readonly run: () => Promise<unknown>;
}

export interface Parts {
  readonly config: Config;
  readonly log: Logger;
  readonly clock: Clock;
  readonly adapters: Adapters;
  readonly health: Health;
  readonly sources: readonly WatchTargetSource[];
  readonly checks: {
    /** Checks one watch like the cron cycle; false when the check failed. */
    readonly check: (source: WatchTargetSource) => Promise<boolean>;
    readonly cycle: () => Promise<void>;
  };
  /** A completed workflow_run of the watch arrived. */
  readonly heard?: (source: WatchTargetSource) => void;
  readonly followsFix: (source: WatchTargetSource) => Promise<boolean>;
  /** Always on (the Home tab). */
  readonly jobs: readonly Job[];
  /** Only while awake: `every` is given the cycle's interval (capped) for the outage alerts. */
  readonly awakeJobs: (intervalMs: number) => readonly Job[];
  /** Background work (core/track-work.ts): stopping waits for what is in flight. */
  readonly work: {
    readonly inFlight: Set<Promise<unknown>>;
    readonly track: (work: Promise<unknown>) => void;
    /** From now on, work in flight starts nothing another replica could do instead. */
    readonly stop: () => void;
  };
}

/** Serves HTTP, connects to Slack, starts the cycle and the tickers; answers how to stop them. */
export async function startOverseer(parts: Parts): Promise<Overseer> {
  const { config, log, clock, adapters, health, sources, checks } = parts;
  const { track, inFlight } = parts.work;
  const { store, slack, metrics, ingress } = adapters;
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
        check: coalesceChecks(checks.check, WEBHOOK_CHECK_CONCURRENCY),
        ...(parts.heard ? { heard: parts.heard } : {}),
        track,
        count: (event, result) => metrics.webhooks.inc({ event, result }),
        followsFix: parts.followsFix,
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

  const tickers: Ticker[] = parts.jobs.map((job) => every(job.everyMs, job.name, log, job.run));
  let schedule: CycleSchedule | undefined;
  let stopStallWatch = () => {};
  if (!config.selfHeal.enabled) {
    log.info({}, 'Overseer is dormant: OVERSEER_SELF_HEAL_ENABLED is off, so no GitHub call is made');
  } else {
    if (sources.length === 0)
      log.warn({}, 'Nothing is watched: set OVERSEER_REPO and OVERSEER_CHANNEL or list repos');
    schedule = scheduleCycle({
      expression: config.schedule,
      name: 'overseer-ci-check',
      store,
      // One name per process: the cycle's slot claim says which replica holds it.
      replicaId: randomUUID(),
      log,
      // Tracked, so that stopping waits for the looks under way (within the grace) before the
      // store closes under them: a look cut off between two writes strands what the first took.
      run: () => {
        const cycle = checks.cycle();
        track(cycle);
        return cycle;
      },
      onHandedOff: () => {
        health.cycle.lastHandedOffAt = clock.now();
      },
    });
    health.cycle.intervalMs = schedule.intervalMs;
    const tick = Math.min(schedule.intervalMs, 60_000);
    stopStallWatch = watchStall(health, clock, log, tick);
    const [outages, ...rest] = parts.awakeJobs(tick);
    if (outages) tickers.push(every(outages.everyMs, outages.name, log, outages.run));
    track(checks.cycle());
    for (const job of rest) tickers.push(every(job.everyMs, job.name, log, job.run));
  }

  return {
    port,
    failed,
    async stop() {
      parts.work.stop();
      slackStart.cancel();
      stopStallWatch();
      await schedule?.stop();
      for (const ticker of [...tickers].reverse()) await ticker.stop();
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
