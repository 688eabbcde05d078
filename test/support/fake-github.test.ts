import { Octokit } from '@octokit/rest';
import { describe, expect, it, vi } from 'vitest';
import { alice, appClient, bob, fakeGitHubPerTest, quiet, REPO } from './fake-github-test-client.js';

describe('fake GitHub through the real Octokit', () => {
  const f = fakeGitHubPerTest();

  it('answers a repeated GET with a matching If-None-Match with 304, not counted against the rate limit', async () => {
    f.github.addCommit('acme/widgets', { message: 'one', author: alice });
    f.github.addRun('acme/widgets', { conclusion: 'failure' });
    const first = await f.octokit.actions.listWorkflowRuns({ ...REPO, workflow_id: 'ci.yml' });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(first.headers['x-ratelimit-remaining']).toBe('4999');

    const error = await f.octokit.actions
      .listWorkflowRuns({ ...REPO, workflow_id: 'ci.yml', headers: { 'if-none-match': etag } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'HttpError', status: 304 });
    expect(
      (error as { response: { headers: Record<string, string> } }).response.headers['x-ratelimit-remaining'],
    ).toBe('4999');
    expect(f.github.requests.map((r) => [r.status, r.counted])).toEqual([
      [200, true],
      [304, false],
    ]);
    expect(f.github.countedRequests()).toBe(1);

    f.github.addRun('acme/widgets', { conclusion: 'success' });
    const changed = await f.octokit.actions.listWorkflowRuns({
      ...REPO,
      workflow_id: 'ci.yml',
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.data.total_count).toBe(2);
  });

  it('compares commits oldest first with authors, and reads single commits', async () => {
    const base = f.github.addCommit('acme/widgets', { message: 'base', author: alice });
    const second = f.github.addCommit('acme/widgets', { message: 'second\n\nbody', author: bob });
    const third = f.github.addCommit('acme/widgets', { message: 'third', author: alice });
    expect(f.github.branchHead('acme/widgets')).toBe(third);
    expect(third).toMatch(/^[0-9a-f]{40}$/);

    const { data } = await f.octokit.repos.compareCommitsWithBasehead({
      ...REPO,
      basehead: `${base}...${third}`,
    });
    expect(data).toMatchObject({ status: 'ahead', ahead_by: 2, behind_by: 0, total_commits: 2 });
    expect(
      data.commits.map((c) => [c.sha, c.commit.message, c.commit.author?.name, c.author?.login ?? null]),
    ).toEqual([
      [second, 'second\n\nbody', 'Bob', null],
      [third, 'third', 'Alice', 'alice'],
    ]);
    const behind = await f.octokit.repos.compareCommits({ ...REPO, base: 'main', head: base });
    expect(behind.data).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 2 });

    const commit = await f.octokit.repos.getCommit({ ...REPO, ref: second.slice(0, 7) });
    expect(commit.data.parents.map((p) => p.sha)).toEqual([base]);
    const list = await f.octokit.repos.listCommits({ ...REPO, sha: 'main', per_page: 2 });
    expect(list.data.map((c) => c.sha)).toEqual([third, second]);
  });

  it('retries an injected 502 and surfaces it when retries are off', async () => {
    f.github.addCommit('acme/widgets', { message: 'one', author: alice });
    f.github.failNext({ method: 'GET', path: '/repos/acme/widgets' }, { status: 502 });
    const started = Date.now();
    const repo = await f.octokit.repos.get(REPO);
    expect(repo.data.default_branch).toBe('main');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(f.github.requests.map((r) => r.status)).toEqual([502, 200]);

    f.github.failNext({ path: '/repos/{owner}/{repo}' }, { status: 502 });
    await expect(f.octokit.repos.get({ ...REPO, request: { retries: 0 } })).rejects.toMatchObject({
      status: 502,
    });
  });

  it('holds a request unanswered until the test releases it, then answers it as usual', async () => {
    f.github.addCommit('acme/widgets', { message: 'one', author: alice });
    const hold = f.github.hold({ method: 'GET', path: '/repos/{owner}/{repo}' });
    const slow = f.octokit.repos.get(REPO);
    const held = await hold.reached;
    expect(held).toMatchObject({ path: '/repos/acme/widgets', status: 0 });
    // Requests the matcher does not name go through meanwhile.
    const commits = await f.octokit.repos.listCommits({ ...REPO, sha: 'main' });
    expect(commits.data).toHaveLength(1);
    expect(hold.holding).toBe(true);

    hold.release();
    expect((await slow).data.default_branch).toBe('main');
    expect(held.status).toBe(200);
    await f.octokit.repos.get(REPO);
    expect(hold.held).toHaveLength(1);
  });

  it('signals secondary and primary rate limits the way the throttling plugin reads them', async () => {
    f.github.failNext({ path: /\/actions\/workflows$/ }, { secondaryRateLimit: 1 });
    const started = Date.now();
    await expect(f.octokit.actions.listRepoWorkflows(REPO)).resolves.toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    const onRateLimit = vi.fn(() => false);
    const giveUp = appClient(f.github, { onRateLimit });
    f.github.failNext({}, { primaryRateLimit: true, resetInSeconds: 30 });
    await expect(giveUp.repos.get(REPO)).rejects.toMatchObject({ status: 403 });
    expect(onRateLimit).toHaveBeenCalledOnce();
    expect(f.github.requests.map((r) => [r.status, r.counted])).toEqual([
      [403, true],
      [200, true],
      [403, false],
    ]);
  });

  it('records unknown routes as unexpected and refuses requests without a token', async () => {
    await expect(f.octokit.request('GET /repos/{owner}/{repo}/deployments', REPO)).rejects.toMatchObject({
      status: 404,
    });
    expect(f.github.unexpected.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/acme/widgets/deployments',
    ]);
    expect(() => f.github.assertNoUnexpected()).toThrow(/deployments/);
    const anonymous = new Octokit({ baseUrl: f.github.url, log: quiet });
    await expect(anonymous.repos.get(REPO)).rejects.toMatchObject({ status: 401 });
  });

  it('expectNoRequests passes while dormant and lists the first request made', async () => {
    expect(() => f.github.expectNoRequests()).not.toThrow();
    await f.octokit.rateLimit.get();
    expect(() => f.github.expectNoRequests()).toThrow(/GET \/rate_limit/);
    expect(f.github.countedRequests()).toBe(0);
  });

  it('opens, merges and comments on pull requests, creates refs, issues and dispatches', async () => {
    // Pulls and issues go through the notification limiter (3 s apart) when throttled; an unthrottled client
    // keeps this test fast while still using the real request code.
    const plain = new Octokit({ auth: 'ghp_test', baseUrl: f.github.url, log: quiet });
    const base = f.github.addCommit('acme/widgets', { message: 'base', author: alice });
    f.github.addRun('acme/widgets', { workflow: 'overseer-fix.yml', conclusion: 'success' });
    await plain.git.createRef({ ...REPO, ref: 'refs/heads/overseer/fix-1', sha: base });
    const ref = await plain.git.getRef({ ...REPO, ref: 'heads/overseer/fix-1' });
    expect(ref.data.object.sha).toBe(base);
    const fix = f.github.addCommit('acme/widgets', {
      message: 'fix',
      author: alice,
      branch: 'overseer/fix-1',
    });

    const pull = await plain.pulls.create({ ...REPO, title: 'Fix CI', head: 'overseer/fix-1', base: 'main' });
    expect(pull.data).toMatchObject({ number: 1, state: 'open', head: { ref: 'overseer/fix-1', sha: fix } });
    await plain.issues.createComment({ ...REPO, issue_number: 1, body: 'approved in Slack' });
    const merged = await plain.pulls.merge({ ...REPO, pull_number: 1, merge_method: 'squash', sha: fix });
    expect(merged.data.merged).toBe(true);
    expect(f.github.branchHead('acme/widgets')).toBe(merged.data.sha);
    await expect(plain.pulls.merge({ ...REPO, pull_number: 1 })).rejects.toMatchObject({ status: 405 });
    expect((await plain.pulls.get({ ...REPO, pull_number: 1 })).data).toMatchObject({
      state: 'closed',
      merged: true,
    });

    const issue = await plain.issues.create({ ...REPO, title: 'CI red', labels: ['overseer'] });
    expect(issue.data.number).toBe(2);
    expect(f.github.comments('acme/widgets', 1).map((c) => c.body)).toEqual(['approved in Slack']);
    await plain.actions.createWorkflowDispatch({
      ...REPO,
      workflow_id: 'overseer-fix.yml',
      ref: 'main',
      inputs: { run: '1' },
    });
    expect(f.github.dispatches).toEqual([
      { repo: 'acme/widgets', workflow: 'overseer-fix.yml', ref: 'main', inputs: { run: '1' } },
    ]);
    f.github.onGraphql(() => ({ data: { viewer: { login: 'overseer-bot' } } }));
    await expect(plain.graphql('query { viewer { login } }')).resolves.toEqual({
      viewer: { login: 'overseer-bot' },
    });
    expect(f.github.graphqlRequests).toHaveLength(1);
    f.github.assertNoUnexpected();
  });
});
