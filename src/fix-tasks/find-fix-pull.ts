import type { WatchTarget } from '../ci/index.js';
import type { FixForge, Log, PullInfo } from '../core/ports.js';
import type { FixTask } from './domain/fix-task.js';
import { fixOf } from './fix-of.js';

/** The workflow token's bot: who a dispatched fix workflow opens pull requests as by default. */
export const ACTIONS_BOT = 'github-actions[bot]';

/** Whether `text` names `id` as a whole word (`T-3` in `overseer/fix-T-3`, not in `T-31`). */
export function namesTask(text: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9])${escaped}(?![0-9])`, 'i').test(text);
}

/** Whether `text` references issue `number` of `repo` (`#12`, `Fixes #12`, `acme/widgets#12`). */
function referencesIssue(text: string, repo: string, number: number): boolean {
  const escaped = repo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w/])(${escaped})?#${number}(?![0-9])`, 'i').test(text);
}

/** Whether the pull request names the task: its head branch or body, or (issue) its issue. */
function namesFixTask(task: FixTask, repo: string, pull: PullInfo): boolean {
  if (pull.number === task.refs.revertPr?.number) return false;
  if (namesTask(pull.headRef, task.id) || namesTask(pull.body, task.id)) return true;
  const issue = task.refs.issue;
  return (
    issue !== undefined &&
    pull.number > issue.number &&
    (referencesIssue(pull.body, repo, issue.number) || referencesIssue(pull.title, repo, issue.number))
  );
}

/** When the task started: what a fix pull request must be opened after (epoch ms). */
export function taskStartedAt(task: FixTask): number {
  return task.at.starting ?? task.at.running ?? task.createdAt;
}

/**
 * The logins whose pull requests may be the task's fix: revert, Overseer itself; dispatch, the
 * workflow token's bot or `fix.assignee`; issue, the issue's assignee; plus `fix.authors`.
 */
export function expectedAuthors(task: FixTask, target: WatchTarget, self: string): string[] {
  const fix = fixOf(target);
  const listed = fix.authors ?? [];
  switch (task.plan.strategy) {
    case 'revert':
      return [self, ...listed];
    case 'dispatch':
      return [ACTIONS_BOT, ...(fix.assignee ? [fix.assignee] : []), ...listed];
    case 'issue':
      return [...(task.plan.assignee ? [task.plan.assignee] : []), ...listed];
    case 'rerun':
      return [];
  }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Why a pull request that names the task is not its fix, or undefined when it is: its head must
 * be in the watched repo (never a fork), its base the watched branch, opened after the task
 * started, by an expected author.
 */
export function fixPullRefusal(
  task: FixTask,
  target: WatchTarget,
  pull: PullInfo,
  self: string,
): string | undefined {
  const { repo, branch } = target.watch;
  if (pull.headRepo === null || !same(pull.headRepo, repo))
    return 'its head is not in the watched repository';
  if (pull.baseRef !== branch) return 'its base is not the watched branch';
  if (Date.parse(pull.createdAt) < taskStartedAt(task)) return 'it was opened before the task started';
  const authors = expectedAuthors(task, target, self);
  if (!authors.some((login) => same(login, pull.author))) return 'its author is not one the strategy expects';
  return undefined;
}

/**
 * The task's fix pull request among those opened since the task started (every page): the newest
 * that names the task and passes fixPullRefusal. Others that name it are logged and passed over.
 */
export async function findFixPull(
  deps: { readonly forge: FixForge; readonly log: Log },
  target: WatchTarget,
  task: FixTask,
): Promise<PullInfo | undefined> {
  const { repo } = target.watch;
  const since = new Date(taskStartedAt(task)).toISOString();
  const naming = (await deps.forge.pullsOpenedSince(repo, since)).filter((pull) =>
    namesFixTask(task, repo, pull),
  );
  if (naming.length === 0) return undefined;
  const self = await deps.forge.selfLogin();
  for (const pull of naming) {
    const refusal = fixPullRefusal(task, target, pull, self);
    if (refusal === undefined) return pull;
    deps.log.info(
      { task: task.id, pr: pull.number, author: pull.author, reason: refusal },
      'Pull request naming a fix task ignored',
    );
  }
  return undefined;
}
