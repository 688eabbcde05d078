import type { WatchTarget } from '../ci/index.js';
import {
  EMPTY_WATCH_DOC,
  enqueue,
  findSlot,
  type OutboxWork,
  type WatchDoc,
  watchDocKey,
  withSlot,
} from '../ci/index.js';
import type { Clock, Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import { fixAlertWork } from '../escalation/index.js';
import type { ThreadNote } from '../incidents/domain/thread-note.js';
import type { FixTask } from './domain/fix-task.js';
import type { FixObservation } from './domain/fix-task-progress.js';

type FixAlertNote = Omit<Extract<ThreadNote, { type: 'fix-alert' }>, 'type' | 'taskId' | 'mention'>;

/** Adds one call-out to the approvers unless `key` was made already; answers the notes and keys. */
export function withAlert(
  task: FixTask,
  key: string,
  note: FixAlertNote,
  approvers: readonly string[],
): { notes: ThreadNote[]; alerts: string[] } {
  const made = task.alerts ?? [];
  if (made.includes(key)) return { notes: [], alerts: [...made] };
  return {
    notes: [{ type: 'fix-alert', taskId: task.id, mention: approvers, ...note }],
    alerts: [...made, key],
  };
}

/** The call-outs the move from `before` to `after` owes the approvers, not made before. */
export function alertsFor(
  before: FixTask,
  after: FixTask,
  obs: FixObservation,
  approvers: readonly string[],
) {
  const made = new Set(after.alerts ?? []);
  const notes: ThreadNote[] = [];
  const add = (
    key: string,
    note: Omit<Extract<ThreadNote, { type: 'fix-alert' }>, 'type' | 'taskId' | 'mention'>,
  ) => {
    if (made.has(key)) return;
    made.add(key);
    notes.push({ type: 'fix-alert', taskId: after.id, mention: approvers, ...note });
  };
  const pr = after.refs.pr;
  if (after.state === 'pr_open' && obs.checks === 'action_required' && pr !== undefined) {
    const names = obs.checkNames?.length ? ` (${obs.checkNames.join(', ')})` : '';
    add(`action-required:#${pr.number}`, {
      alert: 'action-required',
      detail: `the workflows of pull request #${pr.number} wait for a maintainer's approval before they run${names}; approve them on GitHub, or the task fails when its time runs out`,
      url: pr.url,
    });
  }
  if (after.state === 'regressed' && before.state !== 'regressed') {
    add('regressed', {
      alert: 'regressed',
      detail: `CI is red at the merge of its fix${pr ? ` (#${pr.number})` : ''}; a pull request that reverts it comes next (held, and said here, while Overseer is paused or cannot read its settings)`,
      ...(pr === undefined ? {} : { url: pr.url }),
    });
  }
  if (after.state === 'failed' && before.state !== 'failed') {
    add('failed', { alert: 'failed', detail: `it failed: ${after.failReason ?? 'no reason recorded'}` });
  }
  return { notes, alerts: [...made] };
}

/** Records what `next` says about the task seen at `seen`'s version; false when it moved meanwhile. */
export async function recordFix(
  deps: { readonly store: Store; readonly clock: Clock },
  target: WatchTarget,
  seen: FixTask,
  next: (task: FixTask) => { task: FixTask; notes: readonly ThreadNote[] } | undefined,
): Promise<FixTask | undefined> {
  let written: FixTask | undefined;
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc: WatchDoc) => {
    const slot = findSlot(doc, seen.incidentId);
    const task = slot?.task;
    if (slot === undefined || task?.id !== seen.id || task.version !== seen.version) return undefined;
    const moved = next(task);
    if (moved === undefined) return undefined;
    written = moved.task;
    // A fix that failed or made CI worse is decided (a barge-in by default) in this same write.
    let incident = slot.incident;
    const work: OutboxWork[] = [{ kind: 'task' }];
    for (const note of moved.notes) {
      if (note.type !== 'fix-alert') {
        work.push({ kind: 'note', note });
        continue;
      }
      const alerted = fixAlertWork(incident, note, target.rules ?? [], deps.clock.now());
      incident = alerted.incident;
      work.push(...alerted.work);
    }
    return enqueue(
      withSlot(doc, seen.incidentId, { ...slot, incident, task: moved.task }),
      seen.incidentId,
      work,
    );
  });
  return written;
}
