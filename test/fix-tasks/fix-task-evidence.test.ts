import { afterEach, describe, expect, it } from 'vitest';
import { approveMerge, approveTask } from '../../src/fix-tasks/decide-task.js';
import type { FixSettings } from '../../src/fix-tasks/fix-remedy.js';
import {
  TASK_APPROVE_ACTION_ID,
  TASK_MERGE_ACTION_ID,
} from '../../src/platform/slack/fix-tasks/task-view.js';
import { changeSettings, SETTINGS_KEY } from '../../src/settings/settings.js';
import { BRANCH, redJobs, WORKFLOW } from '../support/app-harness.js';
import type { GitHubFailure } from '../support/fake-github.js';
import { appClient } from '../support/fake-github-test-client.js';
import { type FixPrWorld, LEAD, OTHER_LEAD, REPO, startFixPrWorld } from '../support/fix-pr-world.js';
import { ALICE, visibleText } from '../support/scenario.js';

const OWNER = { owner: 'acme', repo: 'widgets' };

describe('fix tasks act only on decisive evidence (issue 15)', () => {
  let w: FixPrWorld | undefined;
  afterEach(async () => {
    await w?.h.close();
    w = undefined;
  });

  it('a cancelled run at the merge commit neither reverts nor verifies; a newer green commit verifies', async () => {
    w = await startFixPrWorld({ strategy: 'revert' });
    await w.brokenByPull();
    const mergeSha = await w.revertMerged();
    w.h.github.addRun(REPO, {
      workflow: WORKFLOW,
      branch: BRANCH,
      headSha: mergeSha,
      conclusion: 'cancelled',
    });
    await w.check();
    expect((await w.task())?.state).toBe('merged');
    expect(w.h.github.graphqlRequests).toHaveLength(1);

    w.h.push('Tidy the widget docs', 'success');
    await w.check();
    expect((await w.task())?.state).toBe('verified');
    expect(w.h.github.graphqlRequests).toHaveLength(1);
    expect(w.h.replies(w.h.messages()[0]).some((m) => /red at the merge/.test(visibleText(m)))).toBe(false);
  });

  it('an all-skipped run at the merge commit never verifies the fix', async () => {
    w = await startFixPrWorld({ strategy: 'revert' });
    await w.brokenByPull();
    const mergeSha = await w.revertMerged();
    w.h.github.addRun(REPO, { workflow: WORKFLOW, branch: BRANCH, headSha: mergeSha, conclusion: 'skipped' });
    await w.check();
    expect((await w.task())?.state).toBe('merged');
  });

  it('a cancelled check on the fix pull request never passes it, nor fails it', async () => {
    w = await startFixPrWorld({ strategy: 'revert' });
    await w.brokenByPull();
    await approveTask(w.decide, w.click(TASK_APPROVE_ACTION_ID, LEAD));
    const revert = w.h.github.pulls(REPO).find((p) => p.title.startsWith('Revert'));
    w.pullRun(revert?.head ?? '', 'cancelled');
    await w.check();
    expect((await w.task())?.state).toBe('pr_open');
    w.pullRun(revert?.head ?? '', 'success');
    await w.check();
    expect((await w.task())?.state).toBe('awaiting_merge_approval');
  });

  it('the revert ladder takes only a pull request into the watched branch, never one into a release branch', async () => {
    w = await startFixPrWorld({ strategy: 'revert' });
    const { h } = w;
    h.push('Add widgets', 'success');
    await w.check();
    h.github.addCommit(REPO, { message: 'Start release 2.0', author: ALICE, branch: 'release' });
    // Pushed straight to main (no pull request brings it in), then main is merged into release:
    // GitHub lists that release pull request for the commit.
    const broke = h.push('Cache widget lookups', 'failure');
    const gh = appClient(h.github);
    const { data: toRelease } = await gh.pulls.create({
      ...OWNER,
      head: BRANCH,
      base: 'release',
      title: 'Release 2.0',
    });
    await gh.pulls.merge({ ...OWNER, pull_number: toRelease.number });
    await w.check();
    const task = await w.task();
    expect(task?.plan).not.toMatchObject({ pull: { number: toRelease.number } });
    expect(task?.state).toBe('failed');
    expect(task?.failReason).toContain(`${broke.sha.slice(0, 7)} came in without a pull request`);
    expect(h.github.graphqlRequests).toEqual([]);
  });

  async function redAtMerge(world: FixPrWorld) {
    await world.brokenByPull();
    const mergeSha = await world.revertMerged();
    world.h.github.addRun(REPO, {
      workflow: WORKFLOW,
      branch: BRANCH,
      headSha: mergeSha,
      conclusion: 'failure',
      jobs: redJobs('failure'),
    });
  }
  const threadSays = (world: FixPrWorld, pattern: RegExp) =>
    world.h.replies(world.h.messages()[0]).filter((m) => pattern.test(visibleText(m)));

  it('the automatic revert of a fix that made CI worse waits while Overseer is paused, says so, and goes ahead on resume', async () => {
    w = await startFixPrWorld({ strategy: 'revert' });
    await redAtMerge(w);
    const now = w.h.clock.now();
    await changeSettings(w.h.deps.store, (doc) => ({
      ...doc,
      pause: { by: LEAD, reason: 'release freeze', since: now, until: now + 60 * 60_000 },
    }));
    await w.check();
    await w.check();
    expect((await w.task())?.state).toBe('regressed');
    expect(w.h.github.graphqlRequests).toHaveLength(1);
    expect(threadSays(w, /paused, so it does not revert the fix/)).toHaveLength(1);
    // Nothing in the thread claims a revert is under way while it is held.
    expect(threadSays(w, /is opening a pull request that reverts/)).toHaveLength(0);

    await changeSettings(w.h.deps.store, ({ pause: _lifted, ...doc }) => doc);
    await w.check();
    expect((await w.task())?.state).toBe('reverted');
    expect(w.h.github.graphqlRequests).toHaveLength(2);
  });

  it('fails closed when the settings cannot be read: no revert, and the thread says why', async () => {
    w = await startFixPrWorld({ strategy: 'revert' });
    await redAtMerge(w);
    const stored = await w.h.deps.store.get(SETTINGS_KEY);
    await w.h.deps.store.put(SETTINGS_KEY, { flags: 'not a document' }, stored?.version ?? 0);
    await w.check();
    expect((await w.task())?.state).toBe('regressed');
    expect(w.h.github.graphqlRequests).toHaveLength(1);
    expect(
      threadSays(w, /cannot be read \(settings unreadable\), so Overseer does not revert the fix/),
    ).toHaveLength(1);
  });

  describe('a 403 is explained by what GitHub said, not always as a missing permission', () => {
    async function refusedStart(fix: FixSettings, path: RegExp, failure: GitHubFailure) {
      w = await startFixPrWorld(fix);
      if (fix.strategy === 'dispatch') w.h.github.addWorkflow(REPO, 'overseer-fix.yml', 'Overseer fix');
      await w.brokenByPull();
      w.h.github.failNext({ method: 'POST', path }, failure);
      await approveTask(w.decide, w.click(TASK_APPROVE_ACTION_ID, LEAD));
      const failed = await w.task();
      expect(failed?.state).toBe('failed');
      return failed?.failReason ?? '';
    }

    it('a re-run GitHub says is already running', async () => {
      const reason = await refusedStart({ strategy: 'rerun' }, /rerun-failed-jobs$/, {
        status: 403,
        message: 'This workflow run is already running',
      });
      expect(reason).toMatch(/already being re-run/);
      expect(reason).not.toMatch(/needs Actions: write/);
    });

    it('a secondary rate limit', async () => {
      const reason = await refusedStart(
        { strategy: 'dispatch', workflow: 'overseer-fix.yml' },
        /\/dispatches$/,
        { secondaryRateLimit: 3600 },
      );
      expect(reason).toMatch(/secondary rate limit/);
      expect(reason).not.toMatch(/needs Actions: write/);
    });

    it('a missing permission, as GitHub words it, still names the permission', async () => {
      const reason = await refusedStart(
        { strategy: 'dispatch', workflow: 'overseer-fix.yml' },
        /\/dispatches$/,
        { status: 403, message: 'Resource not accessible by integration' },
      );
      expect(reason).toMatch(/needs Actions: write/);
    });
  });

  describe('the fix pull request is one the strategy expects (issue 15)', () => {
    /** A dispatch task started, its fix workflow's branch pushed: answers the task's branch. */
    async function dispatched() {
      w = await startFixPrWorld({
        strategy: 'dispatch',
        workflow: 'overseer-fix.yml',
        assignee: 'fix-agent',
      });
      w.h.github.addWorkflow(REPO, 'overseer-fix.yml', 'Overseer fix');
      await w.brokenByPull();
      w.h.github.addCommit(REPO, { message: 'Early idea', author: ALICE, branch: 'early/T-1' });
      w.h.clock.advance(60_000);
      const early = w.h.github.openPull(REPO, {
        title: 'Early T-1',
        head: 'early/T-1',
        user: 'github-actions[bot]',
      });
      w.h.clock.advance(60_000);
      await approveTask(w.decide, w.click(TASK_APPROVE_ACTION_ID, LEAD));
      w.h.github.addCommit(REPO, { message: 'Fix the cache', author: ALICE, branch: 'overseer/fix-T-1' });
      w.h.github.addCommit(REPO, { message: 'Release', author: ALICE, branch: 'release' });
      return { early, branch: 'overseer/fix-T-1' };
    }

    it('ignores a fork, another base, one opened before the task started and an unexpected author; takes the expected one, shown with its author and title', async () => {
      const { branch } = await dispatched();
      const world = w as FixPrWorld;
      const gh = world.h.github;
      gh.openPull(REPO, {
        title: 'From a fork',
        head: branch,
        user: 'github-actions[bot]',
        headRepo: 'mallory/widgets',
      });
      gh.openPull(REPO, {
        title: 'Into release',
        head: branch,
        base: 'release',
        user: 'github-actions[bot]',
      });
      gh.openPull(REPO, { title: 'Me too', head: 'early/T-1', body: 'Fixes T-1', user: 'mallory' });
      await world.check();
      expect((await world.task())?.state).toBe('running');

      const fix = gh.openPull(REPO, {
        title: 'Fix *the* <!channel> cache',
        head: branch,
        body: 'Overseer fix task T-1',
        user: 'fix-agent',
      });
      await world.check();
      expect(await world.task()).toMatchObject({ state: 'pr_open', refs: { pr: { number: fix.number } } });
      const message = world.taskMessage();
      expect(visibleText(message)).toContain('by fix-agent');
      expect(message?.text ?? '').not.toContain('<!channel>');
      expect(JSON.stringify(message?.blocks)).not.toContain('<!channel>');
    });

    it('finds the fix pull request beyond the first page of pull requests', async () => {
      const { branch } = await dispatched();
      const world = w as FixPrWorld;
      const gh = world.h.github;
      const fix = gh.openPull(REPO, { title: 'Fix the cache', head: branch, user: 'github-actions[bot]' });
      gh.addCommit(REPO, { message: 'Busy', author: ALICE, branch: 'busy' });
      for (let i = 0; i < 120; i += 1)
        gh.openPull(REPO, { title: `Dependency bump ${i}`, head: 'busy', user: 'renovate[bot]' });
      await world.check();
      expect(await world.task()).toMatchObject({ state: 'pr_open', refs: { pr: { number: fix.number } } });
      const lists = gh.requests.filter((r) => r.path === '/repos/acme/widgets/pulls');
      expect(lists.map((r) => r.query.per_page)).toEqual(['100', '100']);
    });
  });

  describe('Approve merge records who merged (issue 15)', () => {
    async function askingForMerge(world: FixPrWorld) {
      await world.brokenByPull();
      await world.askingForMerge();
    }

    it('a check that sees the merge before the click records it loses nothing: who merged is kept', async () => {
      w = await startFixPrWorld({ strategy: 'revert' });
      const world = w;
      await askingForMerge(world);
      const click = world.click(TASK_MERGE_ACTION_ID, LEAD);
      // The check runs right after GitHub merged, before the click's own record.
      const forge = world.decide.forge;
      const racing = {
        ...world.decide,
        forge: {
          ...forge,
          merge: async (...args: Parameters<typeof forge.merge>) => {
            const merged = await forge.merge(...args);
            await world.check();
            return merged;
          },
        },
      };
      const outcome = await approveMerge(racing, click);
      expect(outcome.kind).toBe('merged');
      expect(await world.task()).toMatchObject({ state: 'merged', mergeApprovedBy: LEAD });
      expect(world.h.github.merges).toHaveLength(1);
    });

    it.each([
      ['Resource not accessible by integration', 'needs Contents: Read and write'],
      ['Protected branch: changes must be made through a pull request', 'without saying why'],
    ])('a 403 on the merge saying "%s" is explained by what GitHub said', async (message, words) => {
      w = await startFixPrWorld({ strategy: 'revert' });
      await askingForMerge(w);
      w.h.github.failNext(
        { method: 'PUT', path: '/repos/{owner}/{repo}/pulls/{pull_number}/merge' },
        {
          status: 403,
          message,
        },
      );
      const refused = await approveMerge(w.decide, w.click(TASK_MERGE_ACTION_ID, LEAD));
      expect(refused.kind).toBe('blocked');
      const reason = refused.kind === 'blocked' ? refused.reason : '';
      expect(reason).toContain(words);
      expect(reason.includes('Contents: Read and write')).toBe(message.startsWith('Resource not accessible'));
      expect(w.h.github.merges).toHaveLength(0);
      expect((await w.task())?.state).toBe('awaiting_merge_approval');
    });

    it('a later click is told who merged, and nothing is merged twice', async () => {
      w = await startFixPrWorld({ strategy: 'revert' });
      await askingForMerge(w);
      const first = w.click(TASK_MERGE_ACTION_ID, LEAD);
      const second = { ...first, userId: OTHER_LEAD };
      expect((await approveMerge(w.decide, first)).kind).toBe('merged');
      const late = await approveMerge(w.decide, second);
      expect(late.kind).toBe('moved-on');
      expect(late.kind === 'moved-on' && late.reason).toContain(`merged on approval by <@${LEAD}>`);
      expect(w.h.github.merges).toHaveLength(1);
      expect((await w.task())?.mergeApprovedBy).toBe(LEAD);
    });
  });
});
