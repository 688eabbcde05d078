import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit, type GitHubClient } from '../../../src/adapters/github/create-octokit.js';
import { createGitHubCi } from '../../../src/adapters/github/github-ci.js';
import type { CiProvider } from '../../../src/app/ports.js';
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

    const { commits: range, total } = await ci.commitRange(REPO, base, head, 25);
    expect(total).toBe(2);
    expect(range.map((commit) => commit.sha)).toEqual([mid, head]);
    expect(range[0]).toMatchObject({
      title: 'middle',
      authorName: 'Alice Doe',
      authorLogin: 'alice',
      authorEmail: alice.email,
    });
    expect(range[1]).not.toHaveProperty('authorLogin');
    expect((await ci.commitRange(REPO, undefined, head, 25)).commits).toHaveLength(1);
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
