import { describe, expect, it } from 'vitest';
import { createJobLogs } from '../../../src/platform/github/job-logs.js';
import { type FakeGitHub, startFakeGitHub } from '../../support/fake-github.js';
import { appClient, fakeGitHubPerTest } from '../../support/fake-github-test-client.js';

const LOG_ROUTE = 'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs';
const ANNOTATIONS_ROUTE = 'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations';

function failedJob(github: FakeGitHub): number {
  github.addCommit('acme/widgets', { message: 'feat: a', author: { name: 'A', email: 'a@example.com' } });
  const runId = github.addRun('acme/widgets', { conclusion: 'failure' });
  const job = github.run(runId).attempts[0]?.jobs[0];
  if (!job) throw new Error('the run has no job');
  return job.id;
}

const numbered = (count: number): string =>
  Array.from({ length: count }, (_, i) => `2024-01-02T03:04:05.1234567Z line ${i + 1}`).join('\n');

describe('job logs through the real Octokit against the fake GitHub', () => {
  const f = fakeGitHubPerTest();

  it('follows the redirect itself and asks the log host for the tail only, without the token', async () => {
    const jobId = failedJob(f.github);
    f.github.setJobLog(jobId, numbered(3));
    f.github.expectOnly([LOG_ROUTE]);

    const read = await createJobLogs(f.octokit).tail('acme/widgets', jobId, 256 * 1024);

    expect(read).toEqual({ ok: true, text: numbered(3), cut: false });
    expect(f.github.requests.map((r) => [r.route, r.status])).toEqual([[LOG_ROUTE, 302]]);
    expect(f.github.logHost.requests).toEqual([
      expect.objectContaining({ range: 'bytes=-262144', authorization: undefined, status: 206 }),
    ]);
    f.github.assertNoUnexpected();
  });

  it('keeps the last lines of a long log, from a suffix range, dropping the cut first line', async () => {
    const jobId = failedJob(f.github);
    f.github.setJobLog(jobId, numbered(5_000));

    const read = await createJobLogs(f.octokit).tail('acme/widgets', jobId, 4_096);

    if (!read.ok) throw new Error(read.unavailable);
    expect(read.cut).toBe(true);
    expect(Buffer.byteLength(read.text)).toBeLessThanOrEqual(4_096);
    expect(read.text.split('\n').at(-1)).toBe('2024-01-02T03:04:05.1234567Z line 5000');
    expect(read.text.split('\n')[0]).toMatch(/^2024-01-02T03:04:05\.1234567Z line \d+$/);
  });

  it('keeps at most 500 lines', async () => {
    const jobId = failedJob(f.github);
    f.github.setJobLog(jobId, numbered(800));

    const read = await createJobLogs(f.octokit).tail('acme/widgets', jobId, 1024 * 1024);

    if (!read.ok) throw new Error(read.unavailable);
    const lines = read.text.split('\n');
    expect(lines).toHaveLength(500);
    expect(lines[0]).toBe('2024-01-02T03:04:05.1234567Z line 301');
    expect(read.cut).toBe(true);
  });

  it.each([
    [404, 'not found', { status: 404 as const, message: 'Not Found' }],
    [403, 'forbidden', { status: 403 as const, message: 'Resource not accessible by integration' }],
  ])('answers %i from the API as "%s", without throwing', async (_status, reason, failure) => {
    const jobId = failedJob(f.github);
    f.github.setJobLog(jobId, numbered(3));
    f.github.failNext({ path: LOG_ROUTE.slice('GET '.length) }, failure);

    await expect(createJobLogs(f.octokit).tail('acme/widgets', jobId, 1024)).resolves.toEqual({
      ok: false,
      unavailable: reason,
    });
    expect(f.github.logHost.requests).toEqual([]);
  });

  it('answers a log GitHub no longer keeps (410) as expired', async () => {
    const jobId = failedJob(f.github);
    f.github.setJobLog(jobId, 'gone');

    await expect(createJobLogs(f.octokit).tail('acme/widgets', jobId, 1024)).resolves.toEqual({
      ok: false,
      unavailable: 'expired',
    });
  });

  it('answers an unknown job as not found', async () => {
    await expect(createJobLogs(f.octokit).tail('acme/widgets', 999_999, 1024)).resolves.toEqual({
      ok: false,
      unavailable: 'not found',
    });
  });

  it('returns the failure annotations that say more than the exit code', async () => {
    const jobId = failedJob(f.github);
    f.github.setAnnotations(jobId, [
      { message: 'Process completed with exit code 1.' },
      { message: 'Node.js 20 actions are deprecated.', level: 'warning' },
      {
        message:
          'The self-hosted runner: ci-7 lost communication with the server. Verify the machine is running and has a healthy network connection.',
      },
    ]);
    f.github.expectOnly([ANNOTATIONS_ROUTE]);

    await expect(createJobLogs(f.octokit).failureAnnotations('acme/widgets', jobId)).resolves.toEqual({
      ok: true,
      messages: [
        'The self-hosted runner: ci-7 lost communication with the server. Verify the machine is running and has a healthy network connection.',
      ],
    });
    f.github.assertNoUnexpected();
  });

  it('answers unreadable annotations as a reason', async () => {
    const jobId = failedJob(f.github);
    f.github.failNext(
      { path: ANNOTATIONS_ROUTE.slice('GET '.length) },
      { status: 403, message: 'Resource not accessible by integration' },
    );

    await expect(createJobLogs(f.octokit).failureAnnotations('acme/widgets', jobId)).resolves.toEqual({
      ok: false,
      unavailable: 'forbidden',
    });
  });
});

describe('job logs from a log host that ignores Range', () => {
  it('streams the whole body but holds only the newest bytes', async () => {
    const github = await startFakeGitHub({ token: 'ghp_test', logs: { honourRange: false } });
    try {
      github.addRepo('acme/widgets');
      const jobId = failedJob(github);
      github.setJobLog(jobId, numbered(20_000));

      const read = await createJobLogs(appClient(github)).tail('acme/widgets', jobId, 8_192);

      expect(github.logHost.requests.map((r) => r.status)).toEqual([200]);
      if (!read.ok) throw new Error(read.unavailable);
      expect(read.cut).toBe(true);
      expect(Buffer.byteLength(read.text)).toBeLessThanOrEqual(8_192);
      expect(read.text.split('\n').at(-1)).toBe('2024-01-02T03:04:05.1234567Z line 20000');
    } finally {
      await github.close();
    }
  });
});

describe('an expired log URL', () => {
  it('is answered as expired', async () => {
    const github = await startFakeGitHub({ token: 'ghp_test', logs: { ttlMs: 0 } });
    try {
      github.addRepo('acme/widgets');
      const jobId = failedJob(github);
      github.setJobLog(jobId, numbered(3));

      await expect(createJobLogs(appClient(github)).tail('acme/widgets', jobId, 1024)).resolves.toEqual({
        ok: false,
        unavailable: 'expired',
      });
      expect(github.logHost.requests.map((r) => r.status)).toEqual([410]);
    } finally {
      await github.close();
    }
  });
});
