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
    const first = await ci.listCompletedRuns(WATCH);
    const counted = github.countedRequests();
    const second = await ci.listCompletedRuns(WATCH);
    expect(second).toEqual(first);
    expect(github.countedRequests()).toBe(counted);
    expect(github.requests.at(-1)?.status).toBe(304);
    expect(client.etags).toEqual({ fetched: 1, notModified: 1 });

    github.addRun(REPO, { workflow: 'ci.yml', branch: 'main', headSha: sha, conclusion: 'failure' });
    const third = await ci.listCompletedRuns(WATCH);
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
    const [run] = await ci.listCompletedRuns(WATCH);
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

    const range = await ci.commitsBetween(REPO, base, head);
    expect(range.map((commit) => commit.sha)).toEqual([mid, head]);
    expect(range[0]).toMatchObject({
      title: 'middle',
      authorName: 'Alice Doe',
      authorLogin: 'alice',
      authorEmail: alice.email,
    });
    expect(range[1]).not.toHaveProperty('authorLogin');
    expect(await ci.commitsBetween(REPO, undefined, head)).toHaveLength(1);
    expect(await ci.defaultBranch(REPO)).toBe('trunk');
  });

  it('an API error is thrown, never read as an empty run list', async () => {
    github.failNext({ path: /\/runs$/ }, { status: 502 });
    await expect(ci.listCompletedRuns(WATCH)).rejects.toMatchObject({ status: 502 });
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
    await expect(createGitHubCi(octokit).commitsBetween(REPO, 'f'.repeat(40), head)).resolves.toEqual([]);
    await github.close();
  });
});
