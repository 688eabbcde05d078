import { afterEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './fake-github.js';

describe('fake GitHub job logs, as GitHub documents them', () => {
  let github: FakeGitHub | undefined;
  afterEach(async () => {
    await github?.close();
  });

  async function withLog(ttlMs: number): Promise<{ github: FakeGitHub; jobId: number }> {
    github = await startFakeGitHub({ token: 'ghp_test', logs: { ttlMs } });
    github.addRepo('acme/widgets');
    github.addCommit('acme/widgets', { message: 'a', author: { name: 'A', email: 'a@example.com' } });
    const jobId = github.run(github.addRun('acme/widgets', { conclusion: 'failure' })).attempts[0]?.jobs[0]
      ?.id;
    if (jobId === undefined) throw new Error('no job');
    github.setJobLog(jobId, 'first line\nsecond line\n');
    return { github, jobId };
  }

  const api = (fake: FakeGitHub, path: string) =>
    fetch(`${fake.url}${path}`, { headers: { authorization: 'token ghp_test' }, redirect: 'manual' });

  it('answers 302 to a URL on another host, which serves the text and honours a suffix range', async () => {
    const { github: fake, jobId } = await withLog(60_000);
    const response = await api(fake, `/repos/acme/widgets/actions/jobs/${jobId}/logs`);
    expect(response.status).toBe(302);
    const location = response.headers.get('location') ?? '';
    expect(location.startsWith(fake.logHost.origin)).toBe(true);
    expect(fake.logHost.origin).not.toBe(fake.url);

    expect(await (await fetch(location)).text()).toBe('first line\nsecond line\n');
    const ranged = await fetch(location, { headers: { range: 'bytes=-12' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe('bytes 11-22/23');
    expect(await ranged.text()).toBe('second line\n');
  });

  it('expires the URL after its time to live: 410', async () => {
    const { github: fake, jobId } = await withLog(50);
    const location = (await api(fake, `/repos/acme/widgets/actions/jobs/${jobId}/logs`)).headers.get(
      'location',
    );
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await fetch(location ?? '')).status).toBe(410);
    expect((await fetch(`${fake.logHost.origin}/blobs/unknown.txt`)).status).toBe(404);
  });

  it('answers 404 for a job without a log, 410 for a log no longer kept, 401 without a token', async () => {
    const { github: fake, jobId } = await withLog(60_000);
    expect((await api(fake, '/repos/acme/widgets/actions/jobs/424242/logs')).status).toBe(404);
    fake.setJobLog(jobId, 'gone');
    expect((await api(fake, `/repos/acme/widgets/actions/jobs/${jobId}/logs`)).status).toBe(410);
    const anonymous = await fetch(`${fake.url}/repos/acme/widgets/actions/jobs/${jobId}/logs`, {
      redirect: 'manual',
    });
    expect(anonymous.status).toBe(401);
  });

  it('lists check-run annotations of a job', async () => {
    const { github: fake, jobId } = await withLog(60_000);
    fake.setAnnotations(jobId, [
      { message: 'Process completed with exit code 1.' },
      { message: 'w', level: 'warning' },
    ]);
    const response = await api(fake, `/repos/acme/widgets/check-runs/${jobId}/annotations`);
    expect(await response.json()).toEqual([
      expect.objectContaining({
        annotation_level: 'failure',
        message: 'Process completed with exit code 1.',
      }),
      expect.objectContaining({ annotation_level: 'warning', message: 'w' }),
    ]);
  });
});
