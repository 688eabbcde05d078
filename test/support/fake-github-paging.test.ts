import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './fake-github.js';
import { alice, appClient, REPO } from './fake-github-test-client.js';

// The fake pages as GitHub's docs say (each rule cites its page in the fake's source):
// https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
// https://docs.github.com/en/rest/commits/commits#compare-two-commits
// https://docs.github.com/en/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt
// https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow

describe('fake GitHub pages lists the way the REST docs describe', () => {
  let github: FakeGitHub;
  let octokit: ReturnType<typeof appClient>;

  beforeEach(async () => {
    // Two hours back: a thousand runs each take a second of fake time and must stay in the past.
    github = await startFakeGitHub({ token: 'ghp_test', now: () => Date.now() - 2 * 3_600_000 });
    github.addRepo('acme/widgets', { defaultBranch: 'main' });
    octokit = appClient(github);
  });

  afterEach(async () => {
    github.assertNoUnexpected();
    await github.close();
  });

  const commits = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      github.addCommit('acme/widgets', { message: `c${i + 1}`, author: alice }),
    );
  const links = (header: string | undefined) =>
    Object.fromEntries(
      (header ?? '')
        .split(', ')
        .filter(Boolean)
        .map((part) => {
          const [, url = '', rel = ''] = /^<([^>]+)>; rel="(\w+)"$/.exec(part) ?? [];
          const query = new URL(url).searchParams;
          return [rel, `${query.get('per_page')}/${query.get('page')}`];
        }),
    );

  it('compare without paging parameters lists the newest 250 oldest first, ending at head', async () => {
    const [base = ''] = commits(1);
    const range = commits(300);
    const { data, headers } = await octokit.repos.compareCommitsWithBasehead({
      ...REPO,
      basehead: `${base}...${range.at(-1)}`,
    });
    expect(data.total_commits).toBe(300);
    expect(data.ahead_by).toBe(300);
    expect(data.commits.map((c) => c.sha)).toEqual(range.slice(-250));
    expect(data.commits.at(-1)?.sha).toBe(range.at(-1));
    expect(data.files).toEqual([]);
    expect(headers.link).toBeUndefined();
  });

  it('paged compare starts at the oldest commit; only page 1 has files; the last page ends at head', async () => {
    const [base = ''] = commits(1);
    const range = commits(300);
    const basehead = `${base}...${range.at(-1)}`;

    const first = await octokit.repos.compareCommitsWithBasehead({ ...REPO, basehead, per_page: 100 });
    expect(first.data.total_commits).toBe(300);
    expect(first.data.commits.map((c) => c.sha)).toEqual(range.slice(0, 100));
    expect(first.data.files).toEqual([]);
    expect(links(first.headers.link)).toEqual({ next: '100/2', last: '100/3' });

    const last = await octokit.repos.compareCommitsWithBasehead({
      ...REPO,
      basehead,
      per_page: 100,
      page: 3,
    });
    expect(last.data.total_commits).toBe(300);
    expect(last.data.commits.map((c) => c.sha)).toEqual(range.slice(200));
    expect(last.data).not.toHaveProperty('files');
    expect(links(last.headers.link)).toEqual({ prev: '100/2', first: '100/1' });

    // `page` alone pages too, 30 a page by default.
    const second = await octokit.repos.compareCommitsWithBasehead({ ...REPO, basehead, page: 2 });
    expect(second.data.commits.map((c) => c.sha)).toEqual(range.slice(30, 60));
    expect(links(second.headers.link)).toEqual({ prev: '30/1', next: '30/3', last: '30/10', first: '30/1' });
  });

  it('jobs of an attempt: 30 a page by default, never more than 100, Link rel next/last/prev/first', async () => {
    commits(1);
    const jobs = Array.from({ length: 250 }, (_, i) => ({ name: `job ${i}`, conclusion: 'success' }));
    const runId = github.addRun('acme/widgets', { conclusion: 'success', jobs });
    const params = { ...REPO, run_id: runId, attempt_number: 1 };

    const byDefault = await octokit.actions.listJobsForWorkflowRunAttempt(params);
    expect(byDefault.data.total_count).toBe(250);
    expect(byDefault.data.jobs.map((j) => j.name)).toEqual(jobs.slice(0, 30).map((j) => j.name));
    expect(links(byDefault.headers.link)).toEqual({ next: '30/2', last: '30/9' });

    const capped = await octokit.actions.listJobsForWorkflowRunAttempt({ ...params, per_page: 500 });
    expect(capped.data.jobs).toHaveLength(100);
    expect(links(capped.headers.link)).toEqual({ next: '100/2', last: '100/3' });

    const middle = await octokit.actions.listJobsForWorkflowRunAttempt({ ...params, per_page: 100, page: 2 });
    expect(middle.data.jobs.map((j) => j.name)).toEqual(jobs.slice(100, 200).map((j) => j.name));
    expect(links(middle.headers.link)).toEqual({
      prev: '100/1',
      next: '100/3',
      last: '100/3',
      first: '100/1',
    });

    const all = await octokit.paginate(octokit.actions.listJobsForWorkflowRunAttempt, {
      ...params,
      per_page: 100,
    });
    expect(all.map((j) => j.name)).toEqual(jobs.map((j) => j.name));

    const few = github.addRun('acme/widgets', { conclusion: 'success', jobs: jobs.slice(0, 3) });
    const single = await octokit.actions.listJobsForWorkflowRunAttempt({ ...params, run_id: few });
    expect(single.data.jobs).toHaveLength(3);
    expect(single.headers.link).toBeUndefined();
  });

  it('workflow runs are newest first, and a filtered search ends after 1,000 results', async () => {
    const [sha = ''] = commits(1);
    const ids = Array.from({ length: 1_001 }, () =>
      github.addRun('acme/widgets', {
        workflow: 'ci.yml',
        branch: 'main',
        headSha: sha,
        conclusion: 'success',
      }),
    );
    const newestFirst = [...ids].reverse();
    const runs = (query: { branch?: string; page: number }) =>
      octokit.actions.listWorkflowRuns({ ...REPO, workflow_id: 'ci.yml', per_page: 100, ...query });

    const unfiltered = await runs({ page: 11 });
    expect(unfiltered.data.workflow_runs.map((r) => r.id)).toEqual(newestFirst.slice(1_000));

    const first = await runs({ branch: 'main', page: 1 });
    expect(first.data.workflow_runs.map((r) => r.id)).toEqual(newestFirst.slice(0, 100));
    expect(links(first.headers.link)).toEqual({ next: '100/2', last: '100/10' });
    const tenth = await runs({ branch: 'main', page: 10 });
    expect(tenth.data.workflow_runs.map((r) => r.id)).toEqual(newestFirst.slice(900, 1_000));
    expect(links(tenth.headers.link)).toEqual({ prev: '100/9', first: '100/1' });
    const beyond = await runs({ branch: 'main', page: 11 });
    expect(beyond.data.workflow_runs).toEqual([]);
  });
});
