import cron, { type ScheduledTask } from 'node-cron';
import type { Log, Store } from '../../core/ports.js';

export interface CycleScheduleOptions {
  readonly expression: string;
  /** Stable across restarts and replicas: slot claims are keyed by it. */
  readonly name: string;
  readonly store: Store;
  readonly replicaId: string;
  readonly log: Log;
  readonly run: () => Promise<void>;
  /** Told when another replica claimed a slot (node-cron's `not-elected`): the loop is alive. */
  readonly onHandedOff?: () => void;
}

export interface CycleSchedule {
  readonly intervalMs: number;
  stop(): Promise<void>;
}

const MIN_SLOT_TTL_MS = 10_000;
const MAX_SLOT_TTL_MS = 60 * 60_000;

function intervalOf(task: ScheduledTask): number {
  const [first, second] = task.getNextRuns(2);
  return first && second ? second.getTime() - first.getTime() : MAX_SLOT_TTL_MS;
}

/**
 * Runs `run` on the cron schedule with node-cron 4: a run still going is not started again
 * (noOverlap), and with several replicas each slot runs once: node-cron's run coordinator asks
 * the shared store to claim `<name>:<slot time>` (set-if-absent), and only the winner runs.
 */
export function scheduleCycle(options: CycleScheduleOptions): CycleSchedule {
  const { log, store } = options;
  const logger = {
    info: (message: string) => log.debug({ source: 'node-cron', detail: message }, 'Scheduler'),
    warn: (message: string) => log.warn({ source: 'node-cron', detail: message }, 'Scheduler warning'),
    error: (message: string | Error, err?: Error) =>
      log.warn({ source: 'node-cron', err: err ?? message }, 'Scheduler error'),
    debug: (message: string | Error) =>
      log.debug({ source: 'node-cron', detail: String(message) }, 'Scheduler'),
  };
  let ttl = MAX_SLOT_TTL_MS;
  const task = cron.createTask(options.expression, () => options.run(), {
    name: options.name,
    noOverlap: true,
    distributed: true,
    runCoordinator: { shouldRun: (key) => store.setIfAbsent(`slot:${key}`, options.replicaId, ttl) },
    logger,
  });
  const intervalMs = intervalOf(task);
  ttl = Math.min(MAX_SLOT_TTL_MS, Math.max(MIN_SLOT_TTL_MS, intervalMs));
  task.on('execution:overlap', () =>
    log.info({ task: options.name }, 'Previous cycle still running; skipped this one'),
  );
  task.on('execution:skipped', (context) => {
    if (context.reason === 'coordinator-error')
      log.warn({ task: options.name }, 'Slot claim failed; cycle skipped');
    else if (context.reason === 'not-elected') options.onHandedOff?.();
  });
  void task.start();
  return {
    intervalMs,
    stop: async () => {
      await task.destroy();
    },
  };
}
