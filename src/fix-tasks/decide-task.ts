// Over 250 lines: the three task buttons (approve, dismiss, approve merge) share one authorization and audit path, kept together so it cannot drift.

import { randomUUID } from 'node:crypto';
import { noteRefusal } from '../ci/domain/note-refusal.js';
import type { WatchTarget } from '../ci/index.js';
import {
  EMPTY_WATCH_DOC,
  enqueue,
  type FindTarget,
  findSlot,
  type WatchDoc,
  watchDocKey,
  watchKeyOfIncident,
  withSlot,
} from '../ci/index.js';
import { isAllowed } from '../core/authorize.js';
import { classifyFailure } from '../core/classify-failure.js';
import { githubRefusal } from '../core/github-refusal.js';
import type { CiProvider, PullInfo, Settings } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import { type DrainDeps, drainOutbox } from '../incidents/index.js';
import type { Pause } from '../settings/domain/settings-doc.js';
import { aimRerun } from './aim-rerun.js';
import type { FixTask } from './domain/fix-task.js';
import type { FixTaskEvent } from './domain/fix-task-event.js';
import { movedOn, transition } from './domain/fix-task-transition.js';
import { type RemedyDeps, startRemedy } from './fix-remedy.js';
import { MERGE_CLAIM_MS, mergeClaim } from './merge-claim.js';
import { mergeRefusal } from './merge-refusal.js';
import { mergedBy, recordMerge } from './record-merge.js';
import { REMEDY_START_LEASE_MS, remedyStartLease } from './remedy-start-lease.js';

export interface DecideDeps extends DrainDeps, RemedyDeps {
  readonly ci: CiProvider;
  readonly settings: Settings;
  readonly findTarget: FindTarget;
  readonly approvers: readonly string[];
}

/** A button press on a task message: which task, at which version the clicker saw it. */
export interface TaskClick {
  readonly incidentId: string;
  readonly taskId: string;
  readonly version: number;
  readonly userId: string;
}

export type DecideOutcome =
  | { readonly kind: 'started'; readonly task: FixTask }
  | { readonly kind: 'dismissed'; readonly task: FixTask }
  | { readonly kind: 'merged'; readonly task: FixTask }
  | { readonly kind: 'not-allowed'; readonly approvers: readonly string[] }
  | { readonly kind: 'moved-on'; readonly reason: string }
  | { readonly kind: 'paused'; readonly pause: Pause }
  | { readonly kind: 'blocked'; readonly reason: string }
  | { readonly kind: 'gone' };

type Change = { readonly task: FixTask } | { readonly refused: string } | undefined;

/**
 * Applies `change` to the clicked task with one compare-and-set on its watch document, so that
 * double clicks, two approvers and several replicas produce one winner. A click that names an
 * older version than the task's is refused: the message it came from is stale.
 */
async function changeTask(
  deps: DecideDeps,
  target: WatchTarget,
  click: TaskClick,
  change: (task: FixTask) => Change,
): Promise<Change | 'gone'> {
  let result: Change | 'gone' = 'gone';
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc: WatchDoc) => {
    const slot = findSlot(doc, click.incidentId);
    const task = slot?.task;
    if (slot === undefined || task === undefined || task.id !== click.taskId) {
      result = 'gone';
      return undefined;
    }
    if (task.version !== click.version) {
      result = { refused: movedOn(task) };
      return undefined;
    }
    result = change(task);
    if (result === undefined || 'refused' in result) return undefined;
    return enqueue(withSlot(doc, click.incidentId, { ...slot, task: result.task }), click.incidentId, [
      { kind: 'task' },
    ]);
  });
  return result;
}

/** Applies a lifecycle event; a refused one is only noted on the audit log. */
function apply(task: FixTask, event: FixTaskEvent, now: number): Change {
  const moved = transition(task, event, now);
  return moved.ok ? { task: moved.task } : { refused: moved.reason };
}

/** Notes a refused attempt (not an approver) on the task's audit log; best effort. */
async function noteRefused(deps: DecideDeps, target: WatchTarget, click: TaskClick, action: string) {
  await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, (doc: WatchDoc) => {
    const slot = findSlot(doc, click.incidentId);
    if (slot?.task?.id !== click.taskId) return undefined;
    const task = noteRefusal(
      slot.task,
      { by: click.userId, action, reason: 'not an approver' },
      deps.clock.now(),
    );
    return withSlot(doc, click.incidentId, { ...slot, task });
  }).catch((error: unknown) => deps.log.warn({ err: error }, 'Refused click could not be noted'));
  deps.log.info(
    { task: click.taskId, user: click.userId, action },
    'Fix task click refused: not an approver',
  );
}

/** The click's watch, once its user is known to be an approver; else the outcome to answer. */
async function authorizeClick(deps: DecideDeps, click: TaskClick, action: string) {
  const target = await deps.findTarget(watchKeyOfIncident(click.incidentId));
  if (target === undefined) return { outcome: { kind: 'gone' } as const };
  if (!(await isAllowed(deps.chat, deps.approvers, click.userId))) {
    await noteRefused(deps, target, click, action);
    return { outcome: { kind: 'not-allowed', approvers: deps.approvers } as const };
  }
  return { target };
}

/**
 * The click's watch when its user is an approver and Overseer may act now; else the outcome to
 * answer. Fails closed: unreadable settings or a pause act on nothing.
 */
async function authorizeAct(deps: DecideDeps, click: TaskClick, action: string) {
  const found = await authorizeClick(deps, click, action);
  if (found.outcome) return found;
  const read = await deps.settings.read();
  if (!read.ok) {
    const reason = `the pause and feature flags cannot be read (${read.cause})`;
    return { outcome: { kind: 'blocked', reason } as const };
  }
  if (read.settings.pause) return { outcome: { kind: 'paused', pause: read.settings.pause } as const };
  return found;
}

/**
 * Approve & Start: an approver starts the held remedy. Exactly one click wins the start (a
 * compare-and-set on the task's version), and only the winner asks GitHub. Fails closed: when
 * the pause or the opt-ins cannot be read, or Overseer is paused, nothing starts.
 */
export async function approveTask(deps: DecideDeps, click: TaskClick): Promise<DecideOutcome> {
  const found = await authorizeAct(deps, click, 'approve');
  if (found.outcome) return found.outcome;
  const { target } = found;

  // Held before the approval is recorded, until the start is: a task seen `starting` without it
  // was cut off (resume-interrupted-start.ts). Taken by another click, that one is starting it.
  const lease = remedyStartLease(click.taskId);
  const owner = randomUUID();
  if (!(await deps.store.setIfAbsent(lease, owner, REMEDY_START_LEASE_MS)))
    return { kind: 'moved-on', reason: movedOn({ state: 'starting' }) };
  try {
    const won = await changeTask(deps, target, click, (task) =>
      apply(task, { type: 'approve', by: click.userId }, deps.clock.now()),
    );
    if (won === 'gone') return { kind: 'gone' };
    if (won === undefined || 'refused' in won) return { kind: 'moved-on', reason: won?.refused ?? 'unknown' };
    const started = await startApproved(deps, target, won.task);
    await drainOutbox(deps, target);
    return { kind: 'started', task: started };
  } finally {
    await deps.store.releaseMarker(lease, owner).catch(() => false);
  }
}

/**
 * Runs the approved task's remedy and records what happened, event by event, each a
 * compare-and-set on the version the previous one left.
 */
async function startApproved(deps: DecideDeps, target: WatchTarget, task: FixTask): Promise<FixTask> {
  const doc = (await deps.store.get<WatchDoc>(watchDocKey(target.watch)))?.value;
  const incident = doc === undefined ? undefined : findSlot(doc, task.incidentId)?.incident;
  // A re-run goes to the red head CI stands on now, or nowhere (aim-rerun.ts).
  const aimed = incident && (await aimRerun(deps, target, task, doc?.episode.stand));
  const events: FixTaskEvent[] =
    incident === undefined || aimed === undefined
      ? [{ type: 'failed', reason: 'its incident is no longer tracked' }]
      : 'refused' in aimed
        ? [aimed.refused]
        : await startRemedy(deps, target, aimed.task, incident);
  let current = task;
  for (const event of events) {
    const next = await changeTask(deps, target, clickOf(current), (held) =>
      apply(held, event, deps.clock.now()),
    );
    if (next === 'gone' || next === undefined || !('task' in next)) break;
    current = next.task;
  }
  return current;
}

function clickOf(task: FixTask): TaskClick {
  return { incidentId: task.incidentId, taskId: task.id, version: task.version, userId: 'overseer' };
}

/** Dismiss: an approver ends the held task; who and when go on its audit log and message. */
export async function dismissTask(
  deps: DecideDeps,
  click: TaskClick,
  reason: string,
): Promise<DecideOutcome> {
  const found = await authorizeClick(deps, click, 'dismiss');
  if (found.outcome) return found.outcome;
  const { target } = found;
  const done = await changeTask(deps, target, click, (task) =>
    apply(task, { type: 'dismiss', by: click.userId, reason }, deps.clock.now()),
  );
  if (done === 'gone') return { kind: 'gone' };
  if (done === undefined || 'refused' in done)
    return { kind: 'moved-on', reason: done?.refused ?? 'unknown' };
  await drainOutbox(deps, target);
  return { kind: 'dismissed', task: done.task };
}

/** Why the fix pull request cannot be merged right now; undefined when it can. */
async function mergeBlocker(deps: DecideDeps, repo: string, pull: PullInfo): Promise<string | undefined> {
  if (pull.state !== 'open') return `pull request #${pull.number} is closed`;
  if (pull.draft) return `pull request #${pull.number} is a draft`;
  if (pull.mergeable === null) {
    return `GitHub is still working out whether pull request #${pull.number} can be merged; try again in a few seconds`;
  }
  if (!pull.mergeable) {
    return `GitHub cannot merge pull request #${pull.number} (${pull.mergeableState}): it needs a person's attention`;
  }
  const checks = await deps.forge.checksAt(repo, pull.headSha);
  if (checks.state !== 'success') {
    const words: Record<Exclude<typeof checks.state, 'success'>, string> = {
      none: 'no checks have run on it yet',
      pending: 'its checks are still running',
      action_required: `its workflows wait for a maintainer's approval to run${checks.names.length ? ` (${checks.names.join(', ')})` : ''}`,
      failure: `its checks failed${checks.names.length ? ` (${checks.names.join(', ')})` : ''}`,
      no_signal: `its checks were cancelled or skipped${checks.names.length ? ` (${checks.names.join(', ')})` : ''}; re-run them on GitHub`,
    };
    return `pull request #${pull.number} is not green: ${words[checks.state]}`;
  }
  return undefined;
}

/**
 * Approve merge: an approver lets Overseer merge the fix pull request. It merges only if, at that
 * moment, the pull request is open, mergeable and green, and only while its head is the commit
 * those checks ran on; otherwise it says why not and nothing changes. One click wins (a claim on
 * the task), and the merge is recorded with who approved it.
 */
export async function approveMerge(deps: DecideDeps, click: TaskClick): Promise<DecideOutcome> {
  const found = await authorizeAct(deps, click, 'approve-merge');
  if (found.outcome) return found.outcome;
  const { target } = found;

  const doc = (await deps.store.get<WatchDoc>(watchDocKey(target.watch)))?.value;
  const task = doc === undefined ? undefined : findSlot(doc, click.incidentId)?.task;
  if (task === undefined || task.id !== click.taskId) return { kind: 'gone' };
  const already = mergedBy(task);
  if (already !== undefined) return { kind: 'moved-on', reason: already };
  if (task.version !== click.version || task.state !== 'awaiting_merge_approval' || !task.refs.pr) {
    return { kind: 'moved-on', reason: movedOn(task) };
  }
  const pr = task.refs.pr;
  const repo = target.watch.repo;
  const key = mergeClaim(task.id);
  if (!(await deps.store.setIfAbsent(key, click.userId, MERGE_CLAIM_MS))) {
    const holder = await deps.store.getMarker(key).catch(() => undefined);
    const who = holder === undefined ? 'another approver' : `<@${holder}>`;
    // Its holder may also have died (Redis keeps the claim until it expires): say what to do then.
    const reason = `this task is being merged by ${who} right now; if it does not show as merged within a minute, press Approve merge again`;
    return { kind: 'moved-on', reason };
  }
  // The claim is held until the merge is recorded, so a second click never merges twice.
  const release = () => deps.store.releaseMarker(key, click.userId).catch(() => undefined);
  let event: Extract<FixTaskEvent, { type: 'merged' }>;
  try {
    const pull = await deps.forge.pull(repo, pr.number);
    if (pull.merged && pull.mergeCommitSha) {
      event = { type: 'merged', sha: pull.mergeCommitSha };
    } else {
      const blocker = await mergeBlocker(deps, repo, pull);
      if (blocker !== undefined) {
        await release();
        return { kind: 'blocked', reason: blocker };
      }
      const merged = await deps.forge.merge(repo, pull.number, pull.headSha);
      event = { type: 'merged', sha: merged.sha, by: click.userId };
      deps.log.info(
        { task: task.id, pr: pull.number, user: click.userId },
        'Fix pull request merged on approval',
      );
    }
  } catch (error) {
    const { cause } = classifyFailure(error);
    deps.log.warn({ err: error, task: task.id, cause }, 'Fix pull request could not be merged');
    const why: Record<string, string> = {
      'http 405':
        'GitHub refused the merge (405): the pull request is not mergeable (branch protection or conflicts)',
      'http 409': 'the pull request changed since its checks ran (409); look at the new commits first',
    };
    await release();
    const refusal = githubRefusal(error);
    if (refusal !== undefined) return { kind: 'blocked', reason: mergeRefusal(refusal) };
    return { kind: 'blocked', reason: why[cause] ?? `GitHub could not merge it (${cause})` };
  }
  // Recorded on the task as it is now (a check may have seen the merge first): never lost.
  const done = await recordMerge(deps, target, click, event.sha, event.by).finally(release);
  await drainOutbox(deps, target);
  if (done === undefined) return { kind: 'gone' };
  if (event.by === undefined) return { kind: 'moved-on', reason: mergedBy(done) ?? movedOn(done) };
  return { kind: 'merged', task: done };
}
