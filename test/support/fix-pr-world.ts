import { checkWatch } from '../../src/check-watch.js';
import {
  approveMerge,
  approveTask,
  type DecideDeps,
  type TaskClick,
} from '../../src/fix-tasks/decide-task.js';
import type { FixSettings } from '../../src/fix-tasks/fix-remedy.js';
import {
  parseTaskButtonValue,
  TASK_APPROVE_ACTION_ID,
  TASK_MERGE_ACTION_ID,
} from '../../src/platform/slack/fix-tasks/task-view.js';
import { type AppHarness, BRANCH, redJobs, startAppHarness, WORKFLOW } from './app-harness.js';
import { fixTaskDeps } from './fix-task-deps.js';
import { visibleText } from './scenario.js';
import { findButton } from './slack-payloads.js';

export const LEAD = 'U0LEAD';
export const OTHER_LEAD = 'U0LEAD2';
export const REPO = 'acme/widgets';

/** A harness with fix tasks on (`fix` strategy), two approvers, and the moves tests make. */
export interface FixPrWorld {
  readonly h: AppHarness;
  readonly decide: DecideDeps & Parameters<typeof checkWatch>[0];
  check(): ReturnType<typeof checkWatch>;
  task(): Promise<NonNullable<Awaited<ReturnType<AppHarness['doc']>>['value']['current']>['task']>;
  taskMessage(): ReturnType<AppHarness['replies']>[number] | undefined;
  click(actionId: string, userId: string): TaskClick;
  head(branch?: string): string;
  /** A run of the watched workflow for a pull request's head branch. */
  pullRun(branch: string, conclusion: string | null, status?: 'in_progress'): number;
  /** Green, then a pull request by alice merged and red at its merge: one suspect with a PR. */
  brokenByPull(): Promise<{ number: number; sha: string; runId: number }>;
  /** Approve & Start of a revert and its pull request green, checked: the task awaits Approve merge. */
  askingForMerge(): Promise<void>;
  /** Approve & Start of a revert, its pull request green, Approve merge: answers the merge commit. */
  revertMerged(): Promise<string>;
}

export async function startFixPrWorld(fix: FixSettings): Promise<FixPrWorld> {
  const h = await startAppHarness({ approvers: [LEAD, OTHER_LEAD] });
  // The watch carries its config entry's fix, as createWatchSources makes it.
  const target = { ...h.target, fix };
  const decide = fixTaskDeps(h, h.deps, {
    approvers: [LEAD, OTHER_LEAD],
    fix,
    findTarget: async () => target,
  });
  const taskMessage = () => h.replies(h.messages()[0]).find((m) => /Fix task/.test(visibleText(m)));
  const head = (branch = BRANCH) => {
    const sha = h.github.branchHead(REPO, branch);
    if (sha === undefined) throw new Error(`no branch ${branch}`);
    return sha;
  };
  const check = () => checkWatch(decide, target);
  const world: FixPrWorld = {
    h,
    decide,
    check,
    task: async () => (await h.doc()).value.current?.task,
    taskMessage,
    click(actionId, userId) {
      const value = parseTaskButtonValue(findButton(taskMessage()?.blocks, actionId)?.value);
      if (value === undefined) throw new Error(`the task message has no ${actionId} button`);
      return { ...value, userId };
    },
    head,
    pullRun: (branch, conclusion, status) =>
      h.github.addRun(REPO, {
        workflow: WORKFLOW,
        branch,
        headSha: head(branch),
        event: 'pull_request',
        conclusion,
        ...(status ? { status } : {}),
      }),
    async brokenByPull() {
      h.push('Add widgets', 'success');
      await check();
      const broke = h.github.addMergedPull(REPO, { title: 'Cache widget lookups', author: 'alice' });
      const runId = h.github.addRun(REPO, {
        workflow: WORKFLOW,
        branch: BRANCH,
        headSha: broke.sha,
        conclusion: 'failure',
        jobs: redJobs('failure'),
      });
      await check();
      return { ...broke, runId };
    },
    async askingForMerge() {
      await approveTask(decide, world.click(TASK_APPROVE_ACTION_ID, LEAD));
      const revert = h.github.pulls(REPO).find((p) => p.title.startsWith('Revert'));
      world.pullRun(revert?.head ?? '', 'success');
      await check();
      const state = (await world.task())?.state;
      if (state !== 'awaiting_merge_approval')
        throw new Error(`the task is ${state}, not awaiting Approve merge`);
    },
    async revertMerged() {
      await world.askingForMerge();
      const merged = await approveMerge(decide, world.click(TASK_MERGE_ACTION_ID, LEAD));
      if (merged.kind !== 'merged') throw new Error(`Approve merge answered ${merged.kind}`);
      return head();
    },
  };
  return world;
}
