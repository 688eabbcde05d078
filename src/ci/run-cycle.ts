import { classifyFailure } from '../core/classify-failure.js';
import { watchKey } from '../core/domain/types.js';
import { eachAtMost } from '../core/each-at-most.js';
import { type Health, markDependency, markWatch } from '../core/health.js';
import type { Clock, Log, Telemetry } from '../core/ports.js';
import type { CheckResult } from './check-pipeline.js';
import { type PollBudget, planPolling } from './domain/plan-polling.js';
import type { PollLedger } from './poll-ledger.js';
import type { WatchTarget } from './watch-target.js';

export interface CycleDeps {
  readonly clock: Clock;
  readonly log: Log;
  /** One look at one watch with every capability's stage (the composition root's checkWatch). */
  readonly check: (target: WatchTarget) => Promise<CheckResult>;
  /**
   * The same look for the cycle's polling: GitHub's answers are read in the pacer's polling lane,
   * behind webhook checks and people's requests. Absent, the cycle uses `check`.
   */
  readonly poll?: (target: WatchTarget) => Promise<CheckResult>;
  readonly health: Health;
  readonly telemetry: Telemetry;
  /** The watches with their branches resolved; a watch whose branch is unknown yet throws in `resolve`. */
  readonly targets: () => readonly WatchTargetSource[];
  /**
   * Whether `selfHeal.enabled` is on now (the stored flag over the configuration), asked at the
   * start of every cycle so `/overseer flags enabled off` counts on every replica without restart.
   */
  readonly checksEnabled?: () => Promise<boolean>;
  /** Polls only the watches due, within GitHub's limits (see planPolling); without it every watch, every cycle. */
  readonly polling?: Polling;
  /**
   * True once the process is stopping: the cycle starts no further look (the looks under way
   * finish within the shutdown's grace; the rest are due to the next cycle, here or elsewhere).
   */
  readonly stopping?: () => boolean;
}

export interface Polling {
  readonly ledger: PollLedger;
  /** GitHub's limits as last seen, for a cycle of `windowMs`. */
  budget(windowMs: number): PollBudget;
  readonly sleep: (ms: number) => Promise<void>;
  /** Shares the ledger's looks and webhooks with other replicas before each plan; never throws. */
  readonly sync?: () => Promise<void>;
}

/** A configured watch; `resolve` finds its default branch the first time (and caches it). */
export interface WatchTargetSource {
  readonly repo: string;
  readonly workflow: string;
  /** The Slack channel the watch's incidents go to. */
  readonly channel: string;
  resolve(): Promise<WatchTarget>;
  /** The target if its branch is known already; never calls GitHub. */
  peek(): WatchTarget | undefined;
  /**
   * Forgets a default branch looked up earlier, so the next `resolve` asks GitHub again (the
   * branch was renamed); a no-op for a configured branch.
   */
  forget(): void;
}

/**
 * Watches checked at once: enough to keep a cycle short, few enough to be kind to GitHub (each
 * check has at most one request in flight, far below GitHub's 100 concurrent requests).
 */
const CONCURRENCY = 8;
/** The cycle's window before its interval is known (the default schedule's). */
const DEFAULT_WINDOW_MS = 5 * 60_000;
/** Points a cycle may start at once before its pace applies: a small setup is not slowed down. */
const BURST_POINTS = 30;

/**
 * Checks one watch and records the outcome for health and metrics. Never throws: one failing
 * watch must not stop the others. Used by the cron cycle and by webhooks alike.
 */
export async function checkAndRecord(
  deps: CycleDeps,
  source: WatchTargetSource,
  check: (target: WatchTarget) => Promise<CheckResult> = deps.check,
): Promise<CheckResult | undefined> {
  let target: WatchTarget | undefined;
  deps.polling?.ledger.looked(source, deps.clock.now());
  try {
    target = await source.resolve();
    const result = await check(target);
    // No run at all on the branch: it may have been renamed on GitHub (main -> trunk).
    if (result.reason === 'no runs') source.forget();
    const now = deps.clock.now();
    markWatch(deps.health, target.watch, true, now);
    markDependency(deps.health, 'github', true, now);
    markDependency(deps.health, 'store', true, now);
    if (result.delivery.failed) markDependency(deps.health, 'slack', false, now, 'delivery failed');
    else if (result.delivery.delivered > 0) markDependency(deps.health, 'slack', true, now);
    deps.telemetry.checkDone({
      verdict: result.verdict,
      ...(result.event ? { event: result.event } : {}),
      slackFailed: result.delivery.failed,
      watch: watchKey(target.watch),
      incidentOpen: result.incidentOpen,
      ...(result.taskState === undefined ? {} : { taskState: result.taskState }),
    });
    return result;
  } catch (error) {
    const now = deps.clock.now();
    const watch = target?.watch ?? { repo: source.repo, workflow: source.workflow, branch: '(default)' };
    const { cause, code } = classifyFailure(error);
    markWatch(deps.health, watch, false, now, cause);
    const isStore = error instanceof Error && error.name === 'StoreUnavailableError';
    const dependency = isStore ? 'store' : 'github';
    markDependency(deps.health, dependency, false, now, cause);
    deps.telemetry.checkFailed(source.repo);
    deps.log.warn(
      { err: error, watch: watchKey(watch), dependency, cause, ...(code ? { code } : {}) },
      'CI check failed; the previous state stands',
    );
    return undefined;
  }
}

/**
 * One cron cycle: every watch, a few at a time. With `selfHeal.enabled` turned off from Slack the
 * cycle checks nothing, and still counts as completed: the loop is idle, not stalled.
 */
export async function runCycle(deps: CycleDeps): Promise<void> {
  const started = deps.clock.now();
  deps.health.cycle.lastStartedAt = started;
  if (deps.checksEnabled && !(await deps.checksEnabled())) {
    deps.health.cycle.lastCompletedAt = deps.clock.now();
    deps.telemetry.cycleDone(deps.clock.now() - started, 'idle');
    return;
  }
  let failed = 0;
  const checkOne = async (source: WatchTargetSource) => {
    if (deps.stopping?.()) return;
    // The cycle's looks are polling: their GitHub reads yield to webhooks' and people's.
    if ((await checkAndRecord(deps, source, deps.poll)) === undefined) failed += 1;
  };
  const sources = deps.targets();
  if (deps.polling) await pollDue(deps, deps.polling, sources, checkOne);
  else await eachAtMost(sources, CONCURRENCY, checkOne);
  const finished = deps.clock.now();
  deps.health.cycle.lastCompletedAt = finished;
  deps.telemetry.cycleDone(finished - started, failed === 0 ? 'ok' : 'partial');
}

/**
 * The watches the plan says are due, most urgent first, their starts spread at the plan's pace
 * (points a minute) so the cycle stays within GitHub's secondary limit.
 */
async function pollDue(
  deps: CycleDeps,
  polling: Polling,
  sources: readonly WatchTargetSource[],
  checkOne: (source: WatchTargetSource) => Promise<void>,
) {
  const windowMs = deps.health.cycle.intervalMs ?? DEFAULT_WINDOW_MS;
  await polling.sync?.();
  const started = deps.clock.now();
  const watches = polling.ledger.watches(sources);
  const plan = planPolling(watches, polling.budget(windowMs), started);
  polling.ledger.limitPages(plan.maxPages);
  const fields = {
    due: plan.due.length,
    watches: sources.length,
    points: plan.points,
    heardIntervalS: Math.round(plan.intervalMs.heard / 1000),
    quietIntervalS: Math.round(plan.intervalMs.quiet / 1000),
    limitedBy: plan.limitedBy,
    late: plan.late,
    ...(plan.maxPages === undefined ? {} : { maxPages: plan.maxPages }),
  };
  if (plan.late > 0) deps.log.warn(fields, 'GitHub budget too small to poll every watch within 15 minutes');
  else deps.log.debug(fields, 'Polling planned');
  let points = 0;
  const due = plan.due.map((key) => Number(key));
  await eachAtMost(due, CONCURRENCY, async (index) => {
    const source = sources[index];
    if (source === undefined) return;
    const at = started + (Math.max(0, points - BURST_POINTS) * 60_000) / plan.pointsPerMinute;
    points += Math.min(watches[index]?.pages ?? 1, plan.maxPages ?? Number.POSITIVE_INFINITY);
    const wait = at - deps.clock.now();
    if (wait > 0) await polling.sleep(wait);
    await checkOne(source);
  });
}
