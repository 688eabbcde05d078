import { describe, expect, it } from 'vitest';
import { alice, bob, fakeGitHubPerTest, REPO } from './fake-github-test-client.js';

describe('fake GitHub Actions runs through the real Octokit', () => {
  const f = fakeGitHubPerTest();

  it('lists runs of a workflow newest first, filtered and paged', async () => {
    const green = f.github.addCommit('acme/widgets', { message: 'feat: a', author: alice });
    const greenRun = f.github.addRun('acme/widgets', {
      workflow: 'ci.yml',
      branch: 'main',
      headSha: green,
      conclusion: 'success',
    });
    const red = f.github.addCommit('acme/widgets', { message: 'fix: b', author: bob });
    const redRun = f.github.addRun('acme/widgets', {
      workflow: 'ci.yml',
      branch: 'main',
      headSha: red,
      conclusion: 'failure',
    });
    f.github.addRun('acme/widgets', {
      workflow: 'ci.yml',
      branch: 'main',
      headSha: red,
      status: 'in_progress',
    });
    f.github.addRun('acme/widgets', { workflow: 'lint.yml', conclusion: 'failure' });

    const { data } = await f.octokit.actions.listWorkflowRuns({
      ...REPO,
      workflow_id: 'ci.yml',
      branch: 'main',
      status: 'completed',
    });
    expect(data.total_count).toBe(2);
    expect(data.workflow_runs.map((r) => [r.id, r.conclusion, r.head_sha])).toEqual([
      [redRun, 'failure', red],
      [greenRun, 'success', green],
    ]);
    const [newest] = data.workflow_runs;
    expect(newest).toMatchObject({
      path: '.github/workflows/ci.yml',
      head_branch: 'main',
      run_attempt: 1,
      event: 'push',
      html_url: `https://github.com/acme/widgets/actions/runs/${redRun}`,
      repository: { full_name: 'acme/widgets' },
    });
    expect(Date.parse(String(newest?.created_at))).toBeLessThan(Date.now());
    expect(Date.parse(String(newest?.created_at))).toBeGreaterThan(
      Date.parse(String(data.workflow_runs[1]?.created_at)),
    );

    const all = await f.octokit.paginate(f.octokit.actions.listWorkflowRuns, {
      ...REPO,
      workflow_id: 'ci.yml',
      per_page: 1,
    });
    expect(all).toHaveLength(3);
    const bySha = await f.octokit.actions.listWorkflowRuns({
      ...REPO,
      workflow_id: 'ci.yml',
      head_sha: green,
    });
    expect(bySha.data.workflow_runs.map((r) => r.id)).toEqual([greenRun]);
  });

  it('keeps the jobs of attempt 1 readable after a re-run completes as attempt 2', async () => {
    f.github.addCommit('acme/widgets', { message: 'one', author: alice });
    const runId = f.github.addRun('acme/widgets', {
      conclusion: 'failure',
      jobs: [
        { name: 'lint', conclusion: 'success', steps: [{ name: 'Lint', conclusion: 'success' }] },
        { name: 'test', conclusion: 'failure', steps: [{ name: 'Unit tests', conclusion: 'failure' }] },
      ],
    });
    const before = await f.octokit.actions.getWorkflowRun({ ...REPO, run_id: runId });

    const rerun = await f.octokit.actions.reRunWorkflowFailedJobs({ ...REPO, run_id: runId });
    expect(rerun.status).toBe(201);
    expect(f.github.rerunRequests).toEqual([
      { repo: 'acme/widgets', runId, kind: 'rerun-failed-jobs', enableDebugLogging: false },
    ]);
    const queued = await f.octokit.actions.getWorkflowRun({ ...REPO, run_id: runId });
    expect(queued.data).toMatchObject({ run_attempt: 2, status: 'queued', conclusion: null });

    expect(f.github.completeRerun(runId, { conclusion: 'success' })).toBe(2);
    const after = await f.octokit.actions.getWorkflowRun({ ...REPO, run_id: runId });
    expect(after.data).toMatchObject({
      id: runId,
      run_attempt: 2,
      status: 'completed',
      conclusion: 'success',
    });
    expect(after.data.created_at).toBe(before.data.created_at);
    expect(after.data.previous_attempt_url).toMatch(new RegExp(`/actions/runs/${runId}/attempts/1$`));

    const attempt1 = await f.octokit.actions.listJobsForWorkflowRunAttempt({
      ...REPO,
      run_id: runId,
      attempt_number: 1,
    });
    const failing = attempt1.data.jobs.find((j) => j.conclusion === 'failure');
    expect(failing?.name).toBe('test');
    expect(failing?.steps?.map((s) => [s.number, s.name, s.conclusion])).toEqual([
      [1, 'Set up job', 'success'],
      [2, 'Unit tests', 'failure'],
      [3, 'Complete job', 'success'],
    ]);
    const attempt2 = await f.octokit.actions.listJobsForWorkflowRunAttempt({
      ...REPO,
      run_id: runId,
      attempt_number: 2,
    });
    expect(attempt2.data.jobs.map((j) => [j.name, j.conclusion, j.run_attempt])).toEqual([
      ['lint', 'success', 2],
      ['test', 'success', 2],
    ]);
    const latest = await f.octokit.actions.listJobsForWorkflowRun({ ...REPO, run_id: runId });
    expect(latest.data.jobs.map((j) => j.id)).toEqual(attempt2.data.jobs.map((j) => j.id));
  });

  it('refuses to re-run a run in progress and lets a test finish runs and re-runs directly', async () => {
    f.github.addCommit('acme/widgets', { message: 'one', author: alice });
    const runId = f.github.addRun('acme/widgets', { status: 'in_progress' });
    await expect(f.octokit.actions.reRunWorkflow({ ...REPO, run_id: runId })).rejects.toMatchObject({
      status: 403,
    });
    expect(f.github.rerunRequests).toEqual([]);
    f.github.completeRun(runId, { conclusion: 'failure' });
    expect(f.github.completeRerun(runId, { conclusion: 'failure' })).toBe(2);
    const { data } = await f.octokit.actions.getWorkflowRunAttempt({
      ...REPO,
      run_id: runId,
      attempt_number: 1,
    });
    expect(data).toMatchObject({ run_attempt: 1, status: 'completed', conclusion: 'failure' });
    expect(f.github.run(runId).attempts.map((a) => a.conclusion)).toEqual(['failure', 'failure']);
  });

  it('lists pull_request runs on a pull head by head_sha, for the repository and for one workflow', async () => {
    f.github.addCommit('acme/widgets', { message: 'base', author: alice });
    const head = f.github.addCommit('acme/widgets', {
      message: 'fix',
      author: alice,
      branch: 'overseer/fix-1',
    });
    const ci = f.github.addRun('acme/widgets', {
      workflow: 'ci.yml',
      branch: 'overseer/fix-1',
      headSha: head,
      event: 'pull_request',
      conclusion: 'action_required',
    });
    const deploy = f.github.addRun('acme/widgets', {
      workflow: 'deploy.yml',
      branch: 'overseer/fix-1',
      headSha: head,
      event: 'pull_request',
      status: 'waiting',
    });
    f.github.addRun('acme/widgets', { workflow: 'ci.yml', conclusion: 'success' });

    const all = await f.octokit.actions.listWorkflowRunsForRepo({ ...REPO, head_sha: head });
    expect(all.data.workflow_runs.map((r) => [r.id, r.event, r.head_branch, r.status, r.conclusion])).toEqual(
      [
        [deploy, 'pull_request', 'overseer/fix-1', 'waiting', null],
        [ci, 'pull_request', 'overseer/fix-1', 'completed', 'action_required'],
      ],
    );
    const one = await f.octokit.actions.listWorkflowRuns({ ...REPO, workflow_id: 'ci.yml', head_sha: head });
    expect(one.data.workflow_runs.map((r) => r.id)).toEqual([ci]);
  });
});
