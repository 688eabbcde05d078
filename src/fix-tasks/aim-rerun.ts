import { ciSignal, type RunMark } from '../ci/domain/ci-signal.js';
import type { WatchTarget } from '../ci/index.js';
import { readRuns } from '../ci/index.js';
import { classifyFailure } from '../core/classify-failure.js';
import type { CiProvider, Log } from '../core/ports.js';
import type { FixTask } from './domain/fix-task.js';
import type { FixTaskEvent } from './domain/fix-task-event.js';
import { rerunAim } from './domain/fix-task-rerun.js';

/**
 * An approved task as its remedy starts it: a re-run aimed at the run CI stands on now (read from
 * GitHub at the start, as the check reads it), or the failure to record instead when that is not
 * the red head the task was approved for. Fails closed: runs GitHub cannot list re-run nothing.
 * Other strategies pass unchanged.
 */
export async function aimRerun(
  deps: { readonly ci: CiProvider; readonly log: Log },
  target: WatchTarget,
  task: FixTask,
  stand: RunMark | undefined,
): Promise<{ readonly task: FixTask } | { readonly refused: FixTaskEvent }> {
  const { plan } = task;
  if (plan.strategy !== 'rerun') return { task };
  let runs: Awaited<ReturnType<typeof readRuns>>;
  try {
    runs = await readRuns(deps.ci, target.watch, stand);
  } catch (error) {
    const { cause } = classifyFailure(error);
    deps.log.warn({ err: error, task: task.id, cause }, 'Runs could not be read before a re-run');
    const reason = `GitHub could not list the runs to find the red head (${cause}); nothing was re-run`;
    return { refused: { type: 'failed', reason } };
  }
  const aim = rerunAim(plan, ciSignal(runs, stand));
  if (!aim.ok) {
    deps.log.info({ task: task.id, reason: aim.reason }, 'Re-run refused at start');
    return { refused: { type: 'failed', reason: aim.reason } };
  }
  return { task: { ...task, plan: { ...plan, run: aim.run } } };
}
