import type { WatchTarget } from '../ci/index.js';
import { EMPTY_WATCH_DOC, enqueue, findSlot, type WatchDoc, watchDocKey, withSlot } from '../ci/index.js';
import type { Clock, Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import type { FixTask } from './domain/fix-task.js';
import { transition } from './domain/fix-task-transition.js';

/** States a fix task is in before its pull request is merged. */
const BEFORE_MERGE: ReadonlySet<FixTask['state']> = new Set([
  'pr_open',
  'checks_passed',
  'awaiting_merge_approval',
]);

/**
 * Who merged, as the person told of a merge that was not theirs reads it (undefined while the
 * task's pull request is not merged yet).
 */
export function mergedBy(task: FixTask): string | undefined {
  if (task.refs.mergeSha === undefined) return undefined;
  const pr = task.refs.pr === undefined ? 'the pull request' : `pull request #${task.refs.pr.number}`;
  return task.mergeApprovedBy === undefined
    ? `${pr} was already merged on GitHub`
    : `${pr} was already merged on approval by <@${task.mergeApprovedBy}>`;
}

/**
 * Records the merge GitHub made as `sha` (on `by`'s approval, if given) with a compare-and-set on
 * the task as it is now, whatever moved it meanwhile: before the merge, the `merged` transition;
 * after a check already saw it (the same commit), who approved it is added. Never lost to a race.
 * Answers the task as stored, or undefined when it is no longer tracked.
 */
export async function recordMerge(
  deps: { readonly store: Store; readonly clock: Clock },
  target: WatchTarget,
  ids: { readonly incidentId: string; readonly taskId: string },
  sha: string,
  by: string | undefined,
): Promise<FixTask | undefined> {
  let stored: FixTask | undefined;
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc: WatchDoc) => {
    const slot = findSlot(doc, ids.incidentId);
    const task = slot?.task;
    stored = task?.id === ids.taskId ? task : undefined;
    if (slot === undefined || task === undefined || stored === undefined) return undefined;
    const now = deps.clock.now();
    let next: FixTask | undefined;
    if (BEFORE_MERGE.has(task.state)) {
      const moved = transition(task, { type: 'merged', sha, ...(by === undefined ? {} : { by }) }, now);
      next = moved.ok ? moved.task : undefined;
    } else if (by !== undefined && task.refs.mergeSha === sha && task.mergeApprovedBy === undefined) {
      next = {
        ...task,
        mergeApprovedBy: by,
        audit: [
          ...task.audit,
          { at: now, actor: by, action: 'merged', from: task.state, to: task.state, outcome: 'done' },
        ],
      };
    }
    if (next === undefined) return undefined;
    stored = next;
    return enqueue(withSlot(doc, ids.incidentId, { ...slot, task: next }), ids.incidentId, [
      { kind: 'task' },
    ]);
  });
  return stored;
}
