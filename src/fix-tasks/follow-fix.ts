import { ciSignal, compareRuns, markOf } from '../ci/domain/ci-signal.js';
import type { WatchDoc, WatchTarget } from '../ci/index.js';
import type { CiProvider, PullInfo } from '../core/ports.js';
import type { FixTask, FixTaskState } from './domain/fix-task.js';
import { isOpen } from './domain/fix-task-lifecycle.js';
import { type FixObservation, type FixPull, progress } from './domain/fix-task-progress.js';
import { findFixPull } from './find-fix-pull.js';
import { alertsFor, recordFix } from './record-fix.js';
import { type RevertFixDeps, revertFix } from './revert-fix.js';

export interface FollowFixDeps extends RevertFixDeps {
  /** The watched workflow's runs, read when a merge commit's own run gave no signal. */
  readonly ci: Pick<CiProvider, 'listRuns'>;
}

/** States in which a fix with a pull request is followed on GitHub. */
const FOLLOWED: ReadonlySet<FixTaskState> = new Set([
  'running',
  'pr_open',
  'checks_passed',
  'awaiting_merge_approval',
  'merged',
  'regressed',
]);

/** The open tasks with a pull request that GitHub must be asked about. */
export function followedTasks(doc: WatchDoc): FixTask[] {
  return [doc.current, ...(doc.earlier ?? [])]
    .map((slot) => slot?.task)
    .filter(
      (task): task is FixTask => task !== undefined && task.strategy !== 'rerun' && FOLLOWED.has(task.state),
    );
}

const asFixPull = (pull: PullInfo): FixPull => ({
  number: pull.number,
  url: pull.url,
  author: pull.author,
  title: pull.title,
  state: pull.state,
  merged: pull.merged,
  ...(pull.mergeCommitSha === undefined ? {} : { mergeCommitSha: pull.mergeCommitSha }),
});

/**
 * After a merge commit whose run gave no signal (cancelled, skipped): what the newest decisive
 * commit after it on the watched branch says, read as the CI signal reads the branch (the newest
 * page of the watched workflow's runs). Undefined when no newer commit decided, or the merge
 * commit's run is not on that page.
 */
async function newerOnBranch(
  deps: FollowFixDeps,
  target: WatchTarget,
  mergeSha: string,
): Promise<'green' | 'red' | undefined> {
  const { runs } = await deps.ci.listRuns(target.watch, 1);
  const atMerge = runs.filter((run) => run.headSha === mergeSha).sort((a, b) => compareRuns(b, a))[0];
  if (atMerge === undefined) return undefined;
  const verdict = ciSignal(runs, markOf(atMerge));
  if (verdict.kind === 'no-signal' || verdict.run.headSha === mergeSha) return undefined;
  return verdict.kind;
}

/** What GitHub shows of the task's fix now; the fewest requests its state needs. */
async function observe(deps: FollowFixDeps, target: WatchTarget, task: FixTask): Promise<FixObservation> {
  const { repo } = target.watch;
  if (task.state === 'merged') {
    const sha = task.refs.mergeSha;
    if (sha === undefined) return {};
    const checks = await deps.forge.checksAt(repo, sha, target.watch.workflow);
    if (checks.state !== 'no_signal') return { mergeChecks: checks.state };
    const newer = await newerOnBranch(deps, target, sha);
    return { mergeChecks: checks.state, ...(newer === undefined ? {} : { newerOnBranch: newer }) };
  }
  if (task.state === 'regressed') return {};
  let pull: PullInfo | undefined;
  if (task.refs.pr !== undefined) pull = await deps.forge.pull(repo, task.refs.pr.number);
  else if (task.state === 'running') {
    pull = await findFixPull(deps, target, task);
  }
  if (pull === undefined) return {};
  if (pull.state !== 'open') return { pr: asFixPull(pull) };
  const checks = await deps.forge.checksAt(repo, pull.headSha);
  return { pr: asFixPull(pull), checks: checks.state, checkNames: checks.names };
}

/** Moves one task by what GitHub shows, then opens the revert of a fix that made CI worse. */
async function followOne(deps: FollowFixDeps, target: WatchTarget, seen: FixTask): Promise<void> {
  const obs = await observe(deps, target, seen);
  const now = deps.clock.now();
  const after =
    (await recordFix(deps, target, seen, (task) => {
      const moved = progress(task, obs, now);
      const { notes, alerts } = alertsFor(task, moved, obs, deps.approvers);
      if (moved === task && notes.length === 0) return undefined;
      return { task: { ...moved, alerts }, notes };
    })) ?? seen;
  if (after.state === 'regressed') await revertFix(deps, target, after);
}

/**
 * Follows every open fix with a pull request on this watch: finds the pull request a workflow or
 * an agent opened, its checks, a merge (by Approve merge or by hand), and CI at the merge commit.
 * A GitHub error leaves the task as it is for the next check (its deadline still runs).
 */
export async function followFixes(deps: FollowFixDeps, target: WatchTarget, doc: WatchDoc): Promise<void> {
  for (const task of followedTasks(doc)) {
    if (!isOpen(task)) continue;
    await followOne(deps, target, task).catch((error: unknown) =>
      deps.log.warn(
        { err: error, task: task.id },
        'Fix task could not be followed on GitHub; the next check tries again',
      ),
    );
  }
}
