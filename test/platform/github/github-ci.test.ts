import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CiProvider } from '../../../src/core/ports.js';
import { createOctokit, type GitHubClient } from '../../../src/platform/github/create-octokit.js';
import { createGitHubCi } from '../../../src/platform/github/github-ci.js';
import { type FakeGitHub, startFakeGitHub } from '../../support/fake-github.js';

const REPO = 'acme/widgets';
const WATCH = { repo: REPO, workflow: 'ci.yml', branch: 'main' };
const alice = { name: 'Alice Doe', email: 'alice@acme.test', login: 'alice' };

describe('GitHub CI adapter', () => {
  let github: FakeGitHub;
  let client: GitHubClient;
  let ci: CiProvider;

  beforeEach(async () => {
    github = await startFakeGitHub();
    github.addRepo(REPO, { defaultBranch: 'trunk' });
    client = createOctokit({
      baseUrl: github.url,
      auth: { kind: 'token', token: 'ghp_test' },
      log: pino({ level: 'silent' }),
      retries: 0,
    });
    ci = createGitHubCi(client.octokit);
  });

  afterEach(async () => {
    await github.close();
  });

  it('an unchanged runs list costs nothing against the rate limit: the repeat is a 304 answered from cache', async () => {
    const sha = github.addCommit(REPO, { message: 'one', author: alice, branch: 'main' });
    github.addRun(REPO, { workflow: 'ci.yml', branch: 'main', headSha: sha, conclusion: 'success' });
    const first = (await ci.listRuns(WATCH, 1)).runs;
    const counted = github.countedRequests();
    const second = (await ci.listRuns(WATCH, 1)).runs;
    expect(second).toEqual(first);
    expect(github.countedRequests()).toBe(counted);
    expect(github.requests.at(-1)?.status).toBe(304);
    expect(client.etags).toEqual({ fetched: 1, notModified: 1 });

    github.addRun(REPO, { workflow: 'ci.yml', branch: 'main', headSha: sha, conclusion: 'failure' });
    const third = (await ci.listRuns(WATCH, 1)).runs;
    expect(third).toHaveLength(2);
    expect(github.requests.at(-1)?.status).toBe(200);
  });

  it("reads the failed step's number (steps[].number), for a link to the log at that step", async () => {
    const sha = github.addCommit(REPO, { message: 'one', author: alice, branch: 'main' });
    const runId = github.addRun(REPO, {
      workflow: 'ci.yml',
      branch: 'main',
      headSha: sha,
      conclusion: 'failure',
      jobs: [
        {
          name: 'unit',
          conclusion: 'failure',
          steps: [
            { name: 'Checkout', conclusion: 'success' },
            { name: 'npm test', conclusion: 'failure' },
          ],
        },
        { name: 'lint', conclusion: 'success', steps: [{ name: 'npm run lint', conclusion: 'success' }] },
      ],
    });
    const jobs = await ci.listJobs(REPO, runId, 1);
    // The fake numbers steps as GitHub does: `Set up job` is 1, so `npm test` is 3.
    expect(jobs.map((job) => [job.name, job.failedStepNumber])).toEqual([
      ['unit', 3],
      ['lint', undefined],
    ]);
    expect(jobs[1]).not.toHaveProperty('failedStepNumber');
  });

  it('maps runs, jobs with their failed steps, and commit ranges', async () => {
    const base = github.addCommit(REPO, { message: 'base', author: alice, branch: 'main' });
    const mid = github.addCommit(REPO, { message: 'middle\n\nbody text', author: alice, branch: 'main' });
    const head = github.addCommit(REPO, {
      message: 'head',
      author: { name: 'Bot', email: 'bot@users.noreply.github.com' },
      branch: 'main',
    });
    const runId = github.addRun(REPO, {
      workflow: 'ci.yml',
      branch: 'main',
      headSha: head,
      conclusion: 'failure',
      jobs: [
        { name: 'unit', conclusion: 'failure', steps: [{ name: 'npm test', conclusion: 'failure' }] },
        { name: 'lint', conclusion: 'success', steps: [{ name: 'npm run lint', conclusion: 'success' }] },
      ],
    });
    const [run] = (await ci.listRuns(WATCH, 1)).runs;
    expect(run).toMatchObject({
      id: runId,
      headSha: head,
      attempt: 1,
      status: 'completed',
      conclusion: 'failure',
      event: 'push',
    });
    expect(run?.url).toContain(`/actions/runs/${runId}`);

    const jobs = await ci.listJobs(REPO, runId, 1);
    expect(jobs.map((job) => [job.name, job.conclusion, job.failedSteps])).toEqual([
      ['unit', 'failure', ['npm test']],
      ['lint', 'success', []],
    ]);

    const range = await ci.commitRange(REPO, base, head, 25);
    expect(range.total).toBe(2);
    expect(range.commits.map((commit) => commit.sha)).toEqual([mid, head]);
    expect(range.commits[0]).toMatchObject({
      title: 'middle',
      authorName: 'Alice Doe',
      authorLogin: 'alice',
      authorEmail: alice.email,
    });
    expect(range.commits[1]).not.toHaveProperty('authorLogin');
    const alone = await ci.commitRange(REPO, undefined, head, 25);
    expect(alone.commits).toHaveLength(1);
    expect(alone).toMatchObject({ commits: [{ sha: head, title: 'head' }], total: 1 });
    expect(await ci.defaultBranch(REPO)).toBe('trunk');
  });

  it('reads runs page by page, newest first, and says when GitHub has more', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 35; i += 1) {
      const sha = github.addCommit(REPO, { message: `c${i}`, author: alice, branch: 'main' });
      ids.push(github.addRun(REPO, { workflow: 'ci.yml', branch: 'main', headSha: sha }));
    }
    const first = await ci.listRuns(WATCH, 1);
    expect(first.more).toBe(true);
    expect(first.runs.map((run) => run.id)).toEqual(ids.slice(5).reverse());
    const second = await ci.listRuns(WATCH, 2);
    expect(second.more).toBe(false);
    expect(second.runs.map((run) => run.id)).toEqual(ids.slice(0, 5).reverse());
    // Page 1 is asked without a page parameter, so an idle watch keeps one cached URL.
    const runRequests = github.requests.filter((r) => r.path.endsWith('/runs'));
    expect(runRequests.map((r) => r.query.page)).toEqual([undefined, '2']);
  });

  it('an API error is thrown, never read as an empty run list', async () => {
    github.failNext({ path: /\/runs$/ }, { status: 502 });
    await expect(ci.listRuns(WATCH, 1)).rejects.toMatchObject({ status: 502 });
  });

  it('re-runs the failed jobs of a run', async () => {
    const sha = github.addCommit(REPO, { message: 'x', author: alice, branch: 'main' });
    const runId = github.addRun(REPO, {
      workflow: 'ci.yml',
      branch: 'main',
      headSha: sha,
      conclusion: 'failure',
    });
    await ci.rerunFailedJobs(REPO, runId);
    expect(github.rerunRequests).toHaveLength(1);
  });
});

describe('GitHub CI adapter: a rewritten history', () => {
  it('a last green commit that no longer exists gives an empty range, not an error', async () => {
    const github = await startFakeGitHub();
    github.addRepo(REPO, { defaultBranch: 'main' });
    const head = github.addCommit(REPO, { message: 'head', author: alice, branch: 'main' });
    const { octokit } = createOctokit({
      baseUrl: github.url,
      auth: { kind: 'token', token: 'ghp_test' },
      log: pino({ level: 'silent' }),
      retries: 0,
    });
    await expect(createGitHubCi(octokit).commitRange(REPO, 'f'.repeat(40), head, 25)).resolves.toEqual({
      commits: [],
      total: 0,
    });
    await github.close();
  });
});

describe('GitHub CI adapter: every page, the way GitHub pages', () => {
  const JOBS = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs';
  const COMPARE = 'GET /repos/{owner}/{repo}/compare/{basehead+}';
  let github: FakeGitHub;
  let client: GitHubClient;
  let ci: CiProvider;

  beforeEach(async () => {
    // A clock an hour back: hundreds of commits each take a second of fake time.
    github = await startFakeGitHub({ now: () => Date.now() - 3_600_000 });
    github.addRepo(REPO, { defaultBranch: 'main' });
    github.expectOnly([JOBS, COMPARE, 'GET /repos/{owner}/{repo}/commits/{ref+}']);
    client = createOctokit({
      baseUrl: github.url,
      auth: { kind: 'token', token: 'ghp_test' },
      log: pino({ level: 'silent' }),
      retries: 0,
    });
    ci = createGitHubCi(client.octokit);
  });

  afterEach(async () => {
    github.assertNoUnexpected();
    await github.close();
  });

  const commits = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      github.addCommit(REPO, { message: `change ${i + 1}`, author: alice }),
    );
  const requestsTo = (route: string) =>
    github.requests
      .filter((request) => request.route === route)
      .map((request) => [request.query.per_page, request.query.page ?? '1', request.status]);

  it('reads all 250 jobs of a matrix attempt in 3 requests of 100, and again from the ETag cache', async () => {
    const [sha = ''] = commits(1);
    const matrix = Array.from({ length: 250 }, (_, i) => ({
      name: `test (node ${i})`,
      conclusion: i === 249 ? 'failure' : 'success',
      steps: [{ name: 'npm test', conclusion: i === 249 ? 'failure' : 'success' }],
    }));
    const runId = github.addRun(REPO, { headSha: sha, conclusion: 'failure', jobs: matrix });

    const jobs = await ci.listJobs(REPO, runId, 1);
    expect(jobs.map((job) => job.name)).toEqual(matrix.map((job) => job.name));
    expect(jobs.at(-1)).toMatchObject({ conclusion: 'failure', failedSteps: ['npm test'] });
    expect(requestsTo(JOBS)).toEqual([
      ['100', '1', 200],
      ['100', '2', 200],
      ['100', '3', 200],
    ]);

    // Octokit's paginate rewrites the response it is handed; the cached copy must survive that.
    const counted = github.countedRequests();
    expect(await ci.listJobs(REPO, runId, 1)).toEqual(jobs);
    expect(requestsTo(JOBS).slice(3)).toEqual([
      ['100', '1', 304],
      ['100', '2', 304],
      ['100', '3', 304],
    ]);
    expect(github.countedRequests()).toBe(counted);
  });

  it('a 300-commit range gives the newest `limit`, ending at the first red commit, with total 300', async () => {
    const [base = ''] = commits(1);
    const range = commits(300);
    const head = range.at(-1) ?? '';

    const found = await ci.commitRange(REPO, base, head, 25);
    expect(found.total).toBe(300);
    expect(found.commits.map((commit) => commit.sha)).toEqual(range.slice(-25));
    expect(found.commits.at(-1)).toMatchObject({ sha: head, title: 'change 300' });
    // Page 1 for total_commits, then only the last page, which holds the newest 25.
    expect(requestsTo(COMPARE)).toEqual([
      ['100', '1', 200],
      ['100', '3', 200],
    ]);
  });

  it('a limit that straddles a page boundary reads both pages and keeps exactly `limit`', async () => {
    const [base = ''] = commits(1);
    const range = commits(300);

    const found = await ci.commitRange(REPO, base, range.at(-1) ?? '', 150);
    expect(found).toEqual({ commits: expect.any(Array), total: 300 });
    expect(found.commits.map((commit) => commit.sha)).toEqual(range.slice(-150));
    expect(requestsTo(COMPARE).sort()).toEqual([
      ['100', '1', 200],
      ['100', '2', 200],
      ['100', '3', 200],
    ]);
  });

  it('a 5-commit range is one request; a smaller limit keeps the newest and counts all 5', async () => {
    const [base = ''] = commits(1);
    const range = commits(5);
    const head = range.at(-1) ?? '';

    const all = await ci.commitRange(REPO, base, head, 25);
    expect(all.commits.map((commit) => commit.sha)).toEqual(range);
    expect(all.total).toBe(5);
    expect(requestsTo(COMPARE)).toEqual([['100', '1', 200]]);

    const newest = await ci.commitRange(REPO, base, head, 1);
    expect(newest.commits.map((commit) => commit.sha)).toEqual([head]);
    expect(newest.total).toBe(5);
  });

  it('a vanished base gives no commits and total 0', async () => {
    const [head = ''] = commits(1);
    await expect(ci.commitRange(REPO, 'f'.repeat(40), head, 25)).resolves.toEqual({ commits: [], total: 0 });
    expect(requestsTo(COMPARE)).toEqual([['100', '1', 404]]);
  });
});
