import { afterEach, describe, expect, it } from 'vitest';
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
import { type AppHarness, BRANCH, redJobs, startAppHarness, WORKFLOW } from '../support/app-harness.js';
import { fixTaskDeps } from '../support/fix-task-deps.js';
import { visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';

const LEAD = 'U0LEAD';
const OTHER_LEAD = 'U0LEAD2';
const VISITOR = 'U0VISITOR';
const REPO = 'acme/widgets';

interface World {
  readonly h: AppHarness;
  check(): ReturnType<typeof checkWatch>;
  readonly decide: DecideDeps;
}

describe('fix tasks with a pull request: revert, dispatch, issue', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function world(fix: FixSettings): Promise<World> {
    h = await startAppHarness({ approvers: [LEAD, OTHER_LEAD] });
    const app = h;
    const decide = fixTaskDeps(app, app.deps, { approvers: [LEAD, OTHER_LEAD], fix });
    const deps = decide;
    return { h: app, check: () => checkWatch(deps, app.target), decide };
  }

  /** Green, then a pull request by alice merged and red at its merge: one suspect with a PR. */
  async function brokenByPull(w: World) {
    w.h.push('Add widgets', 'success');
    await w.check();
    const broke = w.h.github.addMergedPull(REPO, { title: 'Cache widget lookups', author: 'alice' });
    const runId = w.h.github.addRun(REPO, {
      workflow: WORKFLOW,
      branch: BRANCH,
      headSha: broke.sha,
      conclusion: 'failure',
      jobs: redJobs('failure'),
    });
    await w.check();
    return { ...broke, runId };
  }

  const taskMessage = (w: World) =>
    w.h.replies(w.h.messages()[0]).find((m) => /Fix task/.test(visibleText(m)));
  const clickOn = (w: World, actionId: string, userId: string): TaskClick => {
    const value = parseTaskButtonValue(findButton(taskMessage(w)?.blocks, actionId)?.value);
    if (value === undefined) throw new Error(`the task message has no ${actionId} button`);
    return { ...value, userId };
  };
  const task = async (w: World) => (await w.h.doc()).value.current?.task;
  const head = (w: World, branch = BRANCH) => {
    const sha = w.h.github.branchHead(REPO, branch);
    if (sha === undefined) throw new Error(`no branch ${branch}`);
    return sha;
  };
  const pullRun = (w: World, branch: string, conclusion: string | null, status?: 'in_progress') =>
    w.h.github.addRun(REPO, {
      workflow: WORKFLOW,
      branch,
      headSha: head(w, branch),
      event: 'pull_request',
      conclusion,
      ...(status ? { status } : {}),
    });

  it('revert: proposes the suspect pull request, opens its revert on approval, asks for Approve merge, merges once, verifies on green', async () => {
    const w = await world({ strategy: 'revert' });
    const broke = await brokenByPull(w);
    expect(await task(w)).toMatchObject({
      state: 'pending',
      plan: { strategy: 'revert', commit: broke.sha, pull: { number: broke.number } },
    });
    expect(visibleText(taskMessage(w))).toContain(`revert \`${broke.sha.slice(0, 7)}\``);
    expect(w.h.github.graphqlRequests).toEqual([]);

    const started = await approveTask(w.decide, clickOn(w, TASK_APPROVE_ACTION_ID, LEAD));
    expect(started.kind).toBe('started');
    expect(w.h.github.graphqlRequests).toHaveLength(1);
    expect(w.h.github.graphqlRequests[0]?.query).toContain('revertPullRequest');
    const revert = w.h.github.pulls(REPO).find((p) => p.title === 'Revert "Cache widget lookups"');
    expect(revert).toBeDefined();
    expect(await task(w)).toMatchObject({ state: 'pr_open', refs: { pr: { number: revert?.number } } });

    // Its checks run, then pass: Overseer asks for Approve merge and does not merge by itself.
    const prRun = pullRun(w, revert?.head ?? '', null, 'in_progress');
    await w.check();
    expect((await task(w))?.state).toBe('pr_open');
    w.h.github.completeRun(prRun, { conclusion: 'success' });
    await w.check();
    expect((await task(w))?.state).toBe('awaiting_merge_approval');
    expect(w.h.github.merges).toEqual([]);
    const text = visibleText(taskMessage(w));
    expect(text).toMatch(new RegExp(`Pull request <[^|>]+\\|#${revert?.number}>`));
    expect(findButton(taskMessage(w)?.blocks, TASK_MERGE_ACTION_ID)).toBeDefined();

    // A stranger changes nothing; two approvers at once merge once.
    const refused = await approveMerge(w.decide, clickOn(w, TASK_MERGE_ACTION_ID, VISITOR));
    expect(refused.kind).toBe('not-allowed');
    expect(w.h.github.merges).toEqual([]);
    const both = await Promise.all([
      approveMerge(w.decide, clickOn(w, TASK_MERGE_ACTION_ID, LEAD)),
      approveMerge(w.decide, clickOn(w, TASK_MERGE_ACTION_ID, OTHER_LEAD)),
    ]);
    expect(both.filter((o) => o.kind === 'merged')).toHaveLength(1);
    expect(w.h.github.merges).toHaveLength(1);
    const mergeSha = head(w);
    const merged = await task(w);
    expect(merged).toMatchObject({ state: 'merged', refs: { mergeSha } });
    expect([LEAD, OTHER_LEAD]).toContain(merged?.mergeApprovedBy);

    // CI at the merge commit is green: the fix is verified and the incident resolved.
    w.h.github.addRun(REPO, { workflow: WORKFLOW, branch: BRANCH, headSha: mergeSha, conclusion: 'success' });
    await w.check();
    const doc = (await w.h.doc()).value;
    expect(doc.current?.task?.state).toBe('verified');
    expect(doc.current?.incident.status).toBe('recovered');
    expect(visibleText(taskMessage(w))).toContain('Done: CI is green');
    expect(findButton(taskMessage(w)?.blocks, TASK_MERGE_ACTION_ID)).toBeUndefined();
  });

  it('revert: a red merge commit reverts the fix and calls the approvers', async () => {
    const w = await world({ strategy: 'revert' });
    await brokenByPull(w);
    await approveTask(w.decide, clickOn(w, TASK_APPROVE_ACTION_ID, LEAD));
    const revert = w.h.github.pulls(REPO).find((p) => p.title.startsWith('Revert'));
    pullRun(w, revert?.head ?? '', 'success');
    await w.check();
    expect((await approveMerge(w.decide, clickOn(w, TASK_MERGE_ACTION_ID, LEAD))).kind).toBe('merged');
    const mergeSha = head(w);

    w.h.github.addRun(REPO, {
      workflow: WORKFLOW,
      branch: BRANCH,
      headSha: mergeSha,
      conclusion: 'failure',
      jobs: redJobs('failure'),
    });
    await w.check();
    const after = await task(w);
    expect(after?.state).toBe('reverted');
    expect(w.h.github.graphqlRequests).toHaveLength(2);
    const revertOfFix = w.h.github.pulls(REPO).find((p) => p.title === `Revert "${revert?.title}"`);
    expect(after?.refs.revertPr?.number).toBe(revertOfFix?.number);
    const alert = w.h.replies(w.h.messages()[0]).find((m) => /red at the merge/.test(visibleText(m)));
    expect(alert?.text).toContain(`<@${LEAD}>`);
    expect(alert?.text).toContain(`<@${OTHER_LEAD}>`);

    // Another look changes nothing: one revert of the fix, one call-out.
    await w.check();
    expect(w.h.github.graphqlRequests).toHaveLength(2);
    const alerts = w.h.replies(w.h.messages()[0]).filter((m) => /red at the merge/.test(visibleText(m)));
    expect(alerts).toHaveLength(1);
  });

  it('revert: the safety ladder refuses two suspects, visibly, and GitHub is not written to', async () => {
    const w = await world({ strategy: 'revert' });
    w.h.push('Add widgets', 'success');
    await w.check();
    w.h.github.addMergedPull(REPO, { title: 'Cache widget lookups', author: 'alice' });
    w.h.github.addMergedPull(REPO, { title: 'Rename widget fields', author: 'bob' });
    w.h.github.addRun(REPO, {
      workflow: WORKFLOW,
      branch: BRANCH,
      headSha: head(w),
      conclusion: 'failure',
      jobs: redJobs('failure'),
    });
    await w.check();
    expect(await task(w)).toMatchObject({ state: 'failed' });
    expect((await task(w))?.failReason).toMatch(/no single suspect: 2 commits/);
    expect(visibleText(taskMessage(w))).toMatch(/no revert is proposed\.[\s\S]*no single suspect/);
    expect(findButton(taskMessage(w)?.blocks, TASK_APPROVE_ACTION_ID)).toBeUndefined();
    expect(w.h.github.graphqlRequests).toEqual([]);
  });

  it('dispatch: dispatches the fix workflow with its inputs, follows the PR naming the task, calls out workflows waiting for approval', async () => {
    const w = await world({ strategy: 'dispatch', workflow: 'overseer-fix.yml' });
    w.h.github.addWorkflow(REPO, 'overseer-fix.yml', 'Overseer fix');
    const broke = await brokenByPull(w);
    await approveTask(w.decide, clickOn(w, TASK_APPROVE_ACTION_ID, LEAD));
    expect(w.h.github.dispatches).toEqual([
      {
        repo: REPO,
        workflow: 'overseer-fix.yml',
        ref: BRANCH,
        inputs: {
          task_id: 'T-1',
          incident_id: (await task(w))?.incidentId,
          run_id: String(broke.runId),
          head_sha: broke.sha,
          branch: BRANCH,
        },
      },
    ]);
    expect((await task(w))?.state).toBe('running');
    await w.check();
    expect((await task(w))?.state).toBe('running');

    // The agent's workflow pushes a branch and opens a pull request that names the task, as the
    // workflow token's bot (the author a dispatched fix is expected from).
    w.h.github.addCommit(REPO, {
      message: 'Fix the widget cache',
      author: { name: 'agent', email: 'agent@example.com' },
      branch: 'overseer/fix-T-1',
    });
    const pr = w.h.github.openPull(REPO, {
      head: 'overseer/fix-T-1',
      base: BRANCH,
      title: 'Fix widget cache',
      user: 'github-actions[bot]',
    });
    pullRun(w, 'overseer/fix-T-1', 'action_required');
    await w.check();
    expect(await task(w)).toMatchObject({ state: 'pr_open', refs: { pr: { number: pr.number } } });
    const callout = () =>
      w.h.replies(w.h.messages()[0]).filter((m) => /wait for a maintainer's approval/.test(visibleText(m)));
    expect(callout()).toHaveLength(1);
    expect(callout()[0]?.text).toContain(`<@${LEAD}>`);
    await w.check();
    expect(callout()).toHaveLength(1);

    // Approve merge while the checks are not green says why, and merges nothing.
    pullRun(w, 'overseer/fix-T-1', 'success');
    await w.check();
    expect((await task(w))?.state).toBe('awaiting_merge_approval');
    pullRun(w, 'overseer/fix-T-1', 'failure');
    const blocked = await approveMerge(w.decide, clickOn(w, TASK_MERGE_ACTION_ID, LEAD));
    expect(blocked).toMatchObject({ kind: 'blocked' });
    expect(blocked.kind === 'blocked' && blocked.reason).toMatch(/is not green: its checks failed/);
    expect(w.h.github.merges).toEqual([]);
  });

  it('dispatch: a token without Actions: write fails the task with that reason', async () => {
    const w = await world({ strategy: 'dispatch', workflow: 'overseer-fix.yml' });
    w.h.github.addWorkflow(REPO, 'overseer-fix.yml', 'Overseer fix');
    await brokenByPull(w);
    w.h.github.failNext(
      { method: 'POST', path: /\/dispatches$/ },
      { status: 403, message: 'Resource not accessible by integration' },
    );
    await approveTask(w.decide, clickOn(w, TASK_APPROVE_ACTION_ID, LEAD));
    const failed = await task(w);
    expect(failed?.state).toBe('failed');
    expect(failed?.failReason).toContain('403');
    expect(failed?.failReason).toContain('Actions: write');
    expect(visibleText(taskMessage(w))).toContain('Actions: write');
  });

  it('issue: opens an issue with the failure digest, assigned, and follows the PR that references it', async () => {
    const w = await world({ strategy: 'issue', assignee: 'fixer-bot' });
    const broke = await brokenByPull(w);
    await approveTask(w.decide, clickOn(w, TASK_APPROVE_ACTION_ID, LEAD));
    const [issue] = w.h.github.issues(REPO);
    expect(issue).toBeDefined();
    expect(issue?.assignees).toEqual(['fixer-bot']);
    expect(issue?.body).toContain('unit tests');
    expect(issue?.body).toContain('Run npm test');
    expect(issue?.body).toContain(broke.sha);
    expect(await task(w)).toMatchObject({ state: 'running', refs: { issue: { number: issue?.number } } });
    expect(visibleText(taskMessage(w))).toMatch(new RegExp(`Issue <[^|>]+\\|#${issue?.number}>`));

    // The assignee (an agent account) opens it: the author an issue's fix is expected from.
    w.h.github.addCommit(REPO, {
      message: 'Fix the cache',
      author: { name: 'fixer', email: 'fixer@example.com' },
      branch: 'fixer/cache',
    });
    const pr = w.h.github.openPull(REPO, {
      head: 'fixer/cache',
      base: BRANCH,
      title: 'Fix the widget cache',
      body: `Fixes #${issue?.number}`,
      user: 'fixer-bot',
    });
    await w.check();
    expect(await task(w)).toMatchObject({ state: 'pr_open', refs: { pr: { number: pr.number } } });
  });
});
