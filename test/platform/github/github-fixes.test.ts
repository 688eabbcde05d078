import { Octokit } from '@octokit/rest';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChecksSummary, FixForge, PullInfo } from '../../../src/core/ports.js';
import { createOctokit } from '../../../src/platform/github/create-octokit.js';
import { createGitHubFixes } from '../../../src/platform/github/github-fixes.js';
import { type AddRunOptions, type FakeGitHub, startFakeGitHub } from '../../support/fake-github.js';

const REPO = 'acme/widgets';
const alice = { name: 'Alice Doe', email: 'alice@acme.test', login: 'alice' };

describe('GitHub fix-task adapter against the fake GitHub', () => {
  let github: FakeGitHub;
  let forge: FixForge;
  /** Arranges state through the API, unthrottled: pull writes would otherwise wait 3 s each. */
  let setup: Octokit;
  let arrangedUpTo = 0;

  beforeEach(async () => {
    github = await startFakeGitHub({ token: 'ghp_test' });
    github.addRepo(REPO, { defaultBranch: 'main' });
    github.addCommit(REPO, { message: 'initial', author: alice });
    const { octokit } = createOctokit({
      baseUrl: github.url,
      auth: { kind: 'token', token: 'ghp_test' },
      log: pino({ level: 'silent' }),
      retries: 0,
    });
    forge = createGitHubFixes(octokit);
    setup = new Octokit({ auth: 'ghp_test', baseUrl: github.url, log: pino({ level: 'silent' }) });
    arrangedUpTo = 0;
  });

  afterEach(async () => {
    github.assertNoUnexpected();
    await github.close();
  });

  /** The requests made since the test arranged its state, `METHOD /path?query`, query keys sorted. */
  const calls = () =>
    github.requests.slice(arrangedUpTo).map((r) => {
      const query = Object.entries(r.query)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => `${key}=${value}`)
        .join('&');
      return `${r.method} ${r.path}${query ? `?${query}` : ''}`;
    });
  /** Requests made so far arranged the test's state; `calls()` leaves them out. */
  const arranged = () => {
    arrangedUpTo = github.requests.length;
  };

  /** Opens a pull from `branch` with one commit on it, through the API as a person would. */
  const openPull = async (branch: string, title: string): Promise<{ number: number; head: string }> => {
    const head = github.addCommit(REPO, { message: title, author: alice, branch });
    const { data } = await setup.pulls.create({
      owner: 'acme',
      repo: 'widgets',
      title,
      head: branch,
      base: 'main',
    });
    return { number: data.number, head };
  };

  describe('reads', () => {
    it('pullsOfCommit answers the merged pull that brought a commit in, as PullInfo from the list shape', async () => {
      const merged = github.addMergedPull(REPO, { title: 'Add cache', author: 'alice' });
      const pulls = await forge.pullsOfCommit(REPO, merged.sha);
      const whole = await forge.pull(REPO, merged.number);
      expect(pulls).toEqual([
        {
          number: merged.number,
          url: `https://github.com/acme/widgets/pull/${merged.number}`,
          nodeId: whole.nodeId,
          title: 'Add cache',
          body: '',
          state: 'closed',
          merged: true,
          mergeCommitSha: merged.sha,
          headRef: `alice/pull-${merged.number}`,
          headSha: github.branchHead(REPO, `alice/pull-${merged.number}`) ?? expect.fail('no head branch'),
          baseRef: 'main',
          // A list does not carry mergeability; only GET pull does.
          mergeable: null,
          mergeableState: 'unknown',
          draft: false,
          author: 'alice',
          authorType: 'User',
          headRepo: 'acme/widgets',
          createdAt: github.pulls(REPO).find((p) => p.number === merged.number)?.createdAt ?? '',
        } satisfies PullInfo,
      ]);
      expect(whole).toEqual({ ...pulls[0], mergeable: null, mergeableState: 'clean' });
      expect(whole.nodeId).toMatch(/^PR_/);

      const direct = github.addCommit(REPO, { message: 'pushed to main', author: alice });
      expect(await forge.pullsOfCommit(REPO, direct)).toEqual([]);
      expect(calls()).toEqual([
        `GET /repos/acme/widgets/commits/${merged.sha}/pulls`,
        `GET /repos/acme/widgets/pulls/${merged.number}`,
        `GET /repos/acme/widgets/commits/${direct}/pulls`,
      ]);
    });

    it('pull answers an open pull with its mergeability and no merge commit', async () => {
      const { number, head } = await openPull('overseer/fix-1', 'Fix CI');
      arranged();
      expect(await forge.pull(REPO, number)).toMatchObject({
        number,
        state: 'open',
        merged: false,
        headRef: 'overseer/fix-1',
        headSha: head,
        mergeable: true,
        mergeableState: 'clean',
        author: 'overseer-bot',
      });
      const state = github.pulls(REPO).find((p) => p.number === number);
      if (state) state.mergeable = false;
      const dirty = await forge.pull(REPO, number);
      expect([dirty.mergeable, dirty.mergeableState, 'mergeCommitSha' in dirty]).toEqual([
        false,
        'dirty',
        false,
      ]);
      await expect(forge.pull(REPO, 99)).rejects.toMatchObject({ status: 404 });
      expect(calls()).toEqual([1, 1, 99].map((n) => `GET /repos/acme/widgets/pulls/${n}`));
    });

    it('commit answers message and committer date; commitsSince the newest since a time, at most limit', async () => {
      // Later than the initial commit, which the fake clock dated about now.
      const old = github.addCommit(REPO, { message: 'old', author: alice, date: '2099-01-01T09:00:00Z' });
      const a = github.addCommit(REPO, { message: 'a\n\nbody', author: alice, date: '2099-01-02T09:00:00Z' });
      const b = github.addCommit(REPO, { message: 'b', author: alice, date: '2099-01-03T09:00:00Z' });
      const c = github.addCommit(REPO, { message: 'c', author: alice, date: '2099-01-04T09:00:00Z' });
      github.addCommit(REPO, {
        message: 'elsewhere',
        author: alice,
        branch: 'other',
        date: '2099-01-05T09:00:00Z',
      });

      expect(await forge.commit(REPO, a)).toEqual({
        sha: a,
        message: 'a\n\nbody',
        date: '2099-01-02T09:00:00Z',
      });
      expect(await forge.commitsSince(REPO, 'main', '2099-01-02T00:00:00Z', 2)).toEqual([
        { sha: c, message: 'c', date: '2099-01-04T09:00:00Z' },
        { sha: b, message: 'b', date: '2099-01-03T09:00:00Z' },
      ]);
      const all = await forge.commitsSince(REPO, 'main', '2099-01-02T00:00:00Z', 500);
      expect(all.map((commit) => commit.sha)).toEqual([c, b, a]);
      expect(await forge.commitsSince(REPO, 'main', '2099-01-02T00:00:00Z', 0)).toEqual([]);
      expect(calls()).toEqual([
        `GET /repos/acme/widgets/commits/${a}`,
        'GET /repos/acme/widgets/commits?per_page=2&sha=main&since=2099-01-02T00:00:00Z',
        'GET /repos/acme/widgets/commits?per_page=100&sha=main&since=2099-01-02T00:00:00Z',
      ]);
      expect(all.map((commit) => commit.sha)).not.toContain(old);
      await expect(forge.commit(REPO, 'f'.repeat(40))).rejects.toMatchObject({ status: 422 });
    });

    it('recentPulls answers the newest pulls of every state, one page of at most limit', async () => {
      const first = github.addMergedPull(REPO, { title: 'first', author: 'alice' });
      const second = github.addMergedPull(REPO, { title: 'second', author: 'bob' });
      const third = await openPull('overseer/fix-1', 'third');
      arranged();
      const pulls = await forge.recentPulls(REPO, 2);
      expect(pulls.map((p) => [p.number, p.state, p.merged])).toEqual([
        [third.number, 'open', false],
        [second.number, 'closed', true],
      ]);
      expect((await forge.recentPulls(REPO, 10)).map((p) => p.number)).toEqual([
        third.number,
        second.number,
        first.number,
      ]);
      expect(await forge.recentPulls(REPO, 0)).toEqual([]);
      expect(calls()).toEqual([
        'GET /repos/acme/widgets/pulls?direction=desc&per_page=2&sort=created&state=all',
        'GET /repos/acme/widgets/pulls?direction=desc&per_page=10&sort=created&state=all',
      ]);
    });
  });

  describe('finding a fix pull request (issue 15)', () => {
    it('pullsOpenedSince follows the Link header, 100 a page, newest first, and stops at a page reaching older pulls', async () => {
      const base = github.addCommit(REPO, { message: 'base', author: alice, branch: 'work' });
      expect(base).toBeDefined();
      const opened: number[] = [];
      for (let i = 0; i < 230; i += 1) {
        opened.push(github.openPull(REPO, { title: `pull ${i}`, head: 'work', user: 'alice' }).number);
      }
      arranged();
      const since = github.pulls(REPO).find((p) => p.number === opened[20])?.createdAt ?? '';
      const found = await forge.pullsOpenedSince(REPO, since);
      expect(found.map((p) => p.number)).toEqual(opened.slice(20).reverse());
      expect(calls()).toEqual([
        'GET /repos/acme/widgets/pulls?direction=desc&per_page=100&sort=created&state=all',
        'GET /repos/acme/widgets/pulls?direction=desc&page=2&per_page=100&sort=created&state=all',
        'GET /repos/acme/widgets/pulls?direction=desc&page=3&per_page=100&sort=created&state=all',
      ]);
    });

    it("answers a fork's head repository, a deleted fork's as null, and a bot author's type", async () => {
      github.addCommit(REPO, { message: 'x', author: alice, branch: 'patch-1' });
      const fork = github.openPull(REPO, {
        title: 'fork',
        head: 'patch-1',
        user: 'mallory',
        headRepo: 'mallory/widgets',
      });
      const gone = github.openPull(REPO, { title: 'gone', head: 'patch-1', user: 'eve', headRepo: null });
      const bot = github.openPull(REPO, { title: 'bot', head: 'patch-1', user: 'github-actions[bot]' });
      arranged();
      const pulls = await forge.pullsOpenedSince(REPO, '2000-01-01T00:00:00Z');
      expect(pulls.map((p) => [p.number, p.headRepo, p.author, p.authorType])).toEqual([
        [bot.number, 'acme/widgets', 'github-actions[bot]', 'Bot'],
        [gone.number, null, 'eve', 'User'],
        [fork.number, 'mallory/widgets', 'mallory', 'User'],
      ]);
    });

    it('selfLogin asks GET /user once', async () => {
      arranged();
      expect(await forge.selfLogin()).toBe('overseer-bot');
      expect(await forge.selfLogin()).toBe('overseer-bot');
      expect(calls()).toEqual(['GET /user']);
    });
  });

  describe('checksAt', () => {
    type Run = Pick<AddRunOptions, 'workflow' | 'name' | 'status' | 'conclusion'>;
    const ci = (run: Omit<Run, 'workflow' | 'name'>): Run => ({ workflow: 'ci.yml', name: 'CI', ...run });
    const lint = (run: Omit<Run, 'workflow' | 'name'>): Run => ({
      workflow: 'lint.yml',
      name: 'Lint',
      ...run,
    });
    const e2e = (run: Omit<Run, 'workflow' | 'name'>): Run => ({ workflow: 'e2e.yml', name: 'E2E', ...run });

    const cases: { name: string; runs: Run[]; expected: ChecksSummary }[] = [
      { name: 'no run yet is none', runs: [], expected: { state: 'none', runs: 0, names: [] } },
      {
        name: 'one still running is pending',
        runs: [ci({ status: 'in_progress' }), lint({ conclusion: 'success' })],
        expected: { state: 'pending', runs: 2, names: [] },
      },
      {
        name: 'queued and waiting for an environment are pending',
        runs: [ci({ status: 'queued' }), e2e({ status: 'waiting' }), lint({ conclusion: 'success' })],
        expected: { state: 'pending', runs: 3, names: [] },
      },
      {
        name: 'awaiting approval beats pending',
        runs: [ci({ conclusion: 'action_required' }), lint({ status: 'in_progress' })],
        expected: { state: 'action_required', runs: 2, names: ['CI'] },
      },
      {
        name: 'a failure beats awaiting approval and pending, and names only the failed',
        runs: [
          ci({ conclusion: 'failure' }),
          lint({ conclusion: 'action_required' }),
          e2e({ status: 'queued' }),
        ],
        expected: { state: 'failure', runs: 3, names: ['CI'] },
      },
      {
        name: 'timed out and could not start are failures',
        runs: [ci({ conclusion: 'timed_out' }), e2e({ conclusion: 'startup_failure' })],
        expected: { state: 'failure', runs: 2, names: ['CI', 'E2E'] },
      },
      {
        // Issue 15: a cancelled run is no signal, as for the CI signal; never a failure.
        name: 'a cancelled run is no signal, never a failure: its workflow must run again',
        runs: [ci({ conclusion: 'cancelled' }), lint({ conclusion: 'success' })],
        expected: { state: 'no_signal', runs: 2, names: ['CI'] },
      },
      {
        name: 'a failure beside a cancelled run still decides',
        runs: [ci({ conclusion: 'cancelled' }), lint({ conclusion: 'failure' })],
        expected: { state: 'failure', runs: 2, names: ['Lint'] },
      },
      {
        name: 'all skipped or neutral is no signal, never green',
        runs: [ci({ conclusion: 'skipped' }), lint({ conclusion: 'neutral' })],
        expected: { state: 'no_signal', runs: 2, names: ['CI', 'Lint'] },
      },
      {
        name: 'success, skipped and neutral are success',
        runs: [
          ci({ conclusion: 'success' }),
          lint({ conclusion: 'skipped' }),
          e2e({ conclusion: 'neutral' }),
        ],
        expected: { state: 'success', runs: 3, names: [] },
      },
      {
        name: "a workflow's newest run wins over its older failure",
        runs: [ci({ conclusion: 'failure' }), ci({ conclusion: 'success' })],
        expected: { state: 'success', runs: 1, names: [] },
      },
      {
        name: "a workflow's newest run wins over its older success",
        runs: [ci({ conclusion: 'success' }), ci({ conclusion: 'failure' }), lint({ conclusion: 'success' })],
        expected: { state: 'failure', runs: 2, names: ['CI'] },
      },
    ];

    it.each(cases)('$name', async ({ runs, expected }) => {
      const head = github.addCommit(REPO, { message: 'fix', author: alice, branch: 'overseer/fix-1' });
      // A red run on another commit must not count.
      github.addRun(REPO, { workflow: 'ci.yml', name: 'CI', conclusion: 'failure' });
      for (const run of runs) {
        github.addRun(REPO, { ...run, branch: 'overseer/fix-1', headSha: head, event: 'pull_request' });
      }
      expect(await forge.checksAt(REPO, head)).toEqual(expected);
      expect(calls()).toEqual([`GET /repos/acme/widgets/actions/runs?head_sha=${head}&per_page=100`]);
    });

    it('with a workflow, sums only that workflow', async () => {
      const head = github.addCommit(REPO, { message: 'fix', author: alice, branch: 'overseer/fix-1' });
      github.addRun(REPO, { ...ci({ conclusion: 'success' }), branch: 'overseer/fix-1', headSha: head });
      github.addRun(REPO, { ...lint({ conclusion: 'failure' }), branch: 'overseer/fix-1', headSha: head });
      expect(await forge.checksAt(REPO, head, 'ci.yml')).toEqual({ state: 'success', runs: 1, names: [] });
      expect(await forge.checksAt(REPO, head, 'lint.yml')).toEqual({
        state: 'failure',
        runs: 1,
        names: ['Lint'],
      });
      expect(calls()).toEqual([
        `GET /repos/acme/widgets/actions/workflows/ci.yml/runs?head_sha=${head}&per_page=100`,
        `GET /repos/acme/widgets/actions/workflows/lint.yml/runs?head_sha=${head}&per_page=100`,
      ]);
      await expect(forge.checksAt(REPO, head, 'nope.yml')).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('writes', () => {
    it('revertPull opens the revert through GraphQL with variables and answers it from REST', async () => {
      const merged = github.addMergedPull(REPO, { title: 'Add cache', author: 'alice' });
      const [info] = await forge.pullsOfCommit(REPO, merged.sha);
      if (!info) throw new Error('the merged pull should be listed');
      const text = { title: 'Revert "Add cache": it broke CI', body: 'Opened by Overseer for incident 7.' };

      const revert = await forge.revertPull(REPO, info, text);
      const branch = `revert-${merged.number}-alice/pull-${merged.number}`;
      expect(revert).toMatchObject({
        number: merged.number + 1,
        title: text.title,
        body: text.body,
        state: 'open',
        merged: false,
        headRef: branch,
        headSha: github.branchHead(REPO, branch),
        baseRef: 'main',
        author: 'overseer-bot',
      });
      expect(github.graphqlRequests).toHaveLength(1);
      const [request] = github.graphqlRequests;
      expect(request?.variables).toEqual({ input: { pullRequestId: info.nodeId, ...text } });
      expect(request?.query).not.toContain(info.nodeId);
      expect(calls()).toEqual([
        `GET /repos/acme/widgets/commits/${merged.sha}/pulls`,
        'POST /graphql',
        `GET /repos/acme/widgets/pulls/${revert.number}`,
      ]);
    });

    it('revertPull of a pull that is not merged throws the GraphQL error and opens nothing', async () => {
      const { number } = await openPull('overseer/fix-1', 'Fix CI');
      arranged();
      const open = await forge.pull(REPO, number);
      await expect(forge.revertPull(REPO, open, { title: 't', body: 'b' })).rejects.toMatchObject({
        name: 'GraphqlResponseError',
        errors: [expect.objectContaining({ path: ['revertPullRequest'] })],
      });
      expect(github.pulls(REPO)).toHaveLength(1);
      expect(calls()).toEqual([`GET /repos/acme/widgets/pulls/${number}`, 'POST /graphql']);
    });

    it('dispatchWorkflow sends ref and inputs; a 403 is thrown as is, not retried', async () => {
      github.addRun(REPO, { workflow: 'overseer-fix.yml', conclusion: 'success' });
      await forge.dispatchWorkflow(REPO, 'overseer-fix.yml', 'main', { incident: '7', mode: 'revert' });
      expect(github.dispatches).toEqual([
        { repo: REPO, workflow: 'overseer-fix.yml', ref: 'main', inputs: { incident: '7', mode: 'revert' } },
      ]);

      github.failNext(
        { method: 'POST', path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches' },
        { status: 403, message: 'Resource not accessible by integration' },
      );
      await expect(forge.dispatchWorkflow(REPO, 'overseer-fix.yml', 'main', {})).rejects.toMatchObject({
        status: 403,
      });
      expect(github.dispatches).toHaveLength(1);
      const dispatches = 'POST /repos/acme/widgets/actions/workflows/overseer-fix.yml/dispatches';
      expect(calls()).toEqual([dispatches, dispatches]);
      expect(github.requests.map((r) => r.status)).toEqual([204, 403]);
    });

    it('createIssue opens an issue with its assignees and answers its number and page', async () => {
      expect(
        await forge.createIssue(REPO, {
          title: 'CI red on main',
          body: 'See the thread.',
          assignees: ['alice'],
        }),
      ).toEqual({ number: 1, url: 'https://github.com/acme/widgets/issues/1' });
      expect(github.issues(REPO)).toMatchObject([
        { number: 1, title: 'CI red on main', body: 'See the thread.', assignees: ['alice'] },
      ]);
      expect(github.requests.map((r) => [r.method, r.path, r.body])).toEqual([
        [
          'POST',
          '/repos/acme/widgets/issues',
          { title: 'CI red on main', body: 'See the thread.', assignees: ['alice'] },
        ],
      ]);
    });

    it('merge squashes while the head is unchanged; 405 when not mergeable, 409 when the head moved', async () => {
      const { number, head } = await openPull('overseer/fix-1', 'Fix CI');
      const dirty = await openPull('overseer/fix-2', 'Fix CI again');
      const moved = await openPull('overseer/fix-3', 'Fix CI once more');
      arranged();
      const { sha } = await forge.merge(REPO, number, head);
      expect(sha).toBe(github.branchHead(REPO, 'main'));
      expect(github.merges).toEqual([{ repo: REPO, number, mergeMethod: 'squash', sha: head }]);

      const unmergeable = github.pulls(REPO).find((p) => p.number === dirty.number);
      if (unmergeable) unmergeable.mergeable = false;
      await expect(forge.merge(REPO, dirty.number, dirty.head)).rejects.toMatchObject({ status: 405 });

      github.addCommit(REPO, { message: 'pushed meanwhile', author: alice, branch: 'overseer/fix-3' });
      await expect(forge.merge(REPO, moved.number, moved.head)).rejects.toMatchObject({ status: 409 });
      expect(github.pulls(REPO).map((p) => [p.number, p.merged])).toEqual([
        [number, true],
        [dirty.number, false],
        [moved.number, false],
      ]);
      expect(calls()).toEqual(
        [number, dirty.number, moved.number].map((n) => `PUT /repos/acme/widgets/pulls/${n}/merge`),
      );
    });
  });
});
