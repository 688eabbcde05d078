import { allSlots, type WatchDoc, type WatchTarget } from '../ci/index.js';
import type { CiProvider, Clock, Log, Store } from '../core/ports.js';
import type { FixTask } from './domain/fix-task.js';
import type { FixTaskEvent } from './domain/fix-task-event.js';
import { transition } from './domain/fix-task-transition.js';
import { recordFix, withAlert } from './record-fix.js';
import { REMEDY_START_LEASE_MS, remedyStartLease } from './remedy-start-lease.js';

export interface ResumeStartDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
  readonly ci: Pick<CiProvider, 'listRuns'>;
  readonly approvers?: readonly string[];
}

/**
 * What became of a start nobody holds any more. A re-run is told by GitHub: its run's attempt went
 * up when GitHub took the re-run (https://docs.github.com/en/rest/actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run),
 * so a higher attempt means it started, the same attempt that it never did (the task waits for
 * Approve & Start again). Other remedies leave no trace to tell by before their pull request: they
 * fail, saying so, rather than risk a second one. Undefined when GitHub cannot tell now.
 */
async function outcomeOf(deps: ResumeStartDeps, target: WatchTarget, task: FixTask) {
  const { plan } = task;
  if (plan.strategy !== 'rerun') {
    const reason =
      'its start was cut off (Overseer stopped) and GitHub may have received it; nothing is started twice: look on GitHub';
    return { type: 'failed', reason } satisfies FixTaskEvent;
  }
  const page = await deps.ci.listRuns(target.watch, 1);
  const run = page.runs.find((candidate) => candidate.id === plan.run.id);
  if (run === undefined) return undefined;
  if (run.attempt > plan.run.attempt)
    return { type: 'remedy-started', attempt: run.attempt } satisfies FixTaskEvent;
  return { type: 'interrupted' } satisfies FixTaskEvent;
}

async function resume(deps: ResumeStartDeps, target: WatchTarget, task: FixTask): Promise<void> {
  const event = await outcomeOf(deps, target, task);
  if (event === undefined) return;
  const now = deps.clock.now();
  const written = await recordFix(deps, target, task, (held) => {
    const moved = transition(held, event, now);
    if (!moved.ok) return undefined;
    if (moved.task.state !== 'failed') return { task: moved.task, notes: [] };
    const detail = `it failed: ${moved.task.failReason ?? 'no reason recorded'}`;
    const { notes, alerts } = withAlert(held, 'failed', { alert: 'failed', detail }, deps.approvers ?? []);
    return { task: { ...moved.task, alerts }, notes };
  });
  if (written !== undefined)
    deps.log.warn(
      { task: task.id, event: event.type, state: written.state },
      'Interrupted fix task start settled',
    );
}

/**
 * Settles the approved tasks of the watch whose remedy's start was cut off: in `starting` with
 * nobody holding their start lease (the process that approved them died). Each is taken under the
 * same lease, so one replica settles it, and never while its starter is still at work.
 */
export async function resumeInterruptedStarts(
  deps: ResumeStartDeps,
  target: WatchTarget,
  doc: WatchDoc,
): Promise<void> {
  for (const slot of allSlots(doc)) {
    const task = slot.task;
    if (task?.state !== 'starting') continue;
    const lease = remedyStartLease(task.id);
    const owner = `resume:${deps.clock.now()}`;
    if (!(await deps.store.setIfAbsent(lease, owner, REMEDY_START_LEASE_MS))) continue;
    try {
      await resume(deps, target, task);
    } catch (error) {
      deps.log.warn(
        { err: error, task: task.id },
        'Interrupted fix task start not settled; the next check tries again',
      );
    } finally {
      await deps.store.releaseMarker(lease, owner).catch(() => false);
    }
  }
}
