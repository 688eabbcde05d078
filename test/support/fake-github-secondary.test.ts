import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './fake-github.js';
import { alice, REPO } from './fake-github-test-client.js';

const MINUTE = 60_000;
/** A rate clock the test moves: 10 s into a whole minute. */
const T0 = 29_000_000 * MINUTE + 10_000;

describe('fake GitHub: the secondary rate limit and the hourly budget on the rate clock', () => {
  let github: FakeGitHub | undefined;
  afterEach(async () => {
    await github?.close();
  });

  async function start(options: Parameters<typeof startFakeGitHub>[0]) {
    github = await startFakeGitHub(options);
    github.addRepo('acme/widgets', { defaultBranch: 'main' });
    github.addCommit('acme/widgets', { message: 'one', author: alice });
    github.addRun('acme/widgets', { conclusion: 'success' });
    return { github, octokit: new Octokit({ baseUrl: github.url, auth: 'ghp_test' }) };
  }

  it('counts a point per GET, 304s too, and five per write, by minute of the rate clock', async () => {
    const clock = { t: T0 };
    const { github, octokit } = await start({ rateClock: () => clock.t });
    const first = await octokit.rest.actions.listWorkflowRuns({ ...REPO, workflow_id: 'ci.yml' });
    await octokit.rest.actions
      .listWorkflowRuns({
        ...REPO,
        workflow_id: 'ci.yml',
        headers: { 'if-none-match': String(first.headers.etag) },
      })
      .catch(() => undefined);
    expect(github.requests.at(-1)?.status).toBe(304);
    clock.t += MINUTE;
    await octokit.rest.issues.create({ ...REPO, title: 'x' });
    const minute = Math.floor(T0 / MINUTE);
    expect([...github.secondaryUsage().pointsByMinute]).toEqual([
      [minute, 2],
      [minute + 1, 5],
    ]);
  });

  it('refuses past the points of a minute with 403 and retry-after until the next minute', async () => {
    const clock = { t: T0 };
    const { github } = await start({ rateClock: () => clock.t, secondary: { pointsPerMinute: 3 } });
    const get = () =>
      fetch(`${github.url}/repos/acme/widgets`, { headers: { authorization: 'token ghp_test' } });
    for (let i = 0; i < 3; i += 1) expect((await get()).status).toBe(200);
    const refused = await get();
    expect(refused.status).toBe(403);
    expect(refused.headers.get('retry-after')).toBe('50');
    expect(((await refused.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    clock.t += 50_000;
    expect((await get()).status).toBe(200);
    expect(github.secondaryUsage()).toMatchObject({ refused: 1, maxInFlight: 1 });
  });

  it('refills the hourly budget at its reset', async () => {
    const clock = { t: T0 };
    const { github, octokit } = await start({ rateClock: () => clock.t, rateLimit: 2 });
    await octokit.rest.repos.get(REPO);
    await octokit.rest.repos.get(REPO).catch(() => undefined);
    expect(github.rateLimit.remaining).toBe(0);
    expect((await octokit.rest.repos.get(REPO).catch((e: { status: number }) => e)).status).toBe(403);
    clock.t = github.rateLimit.reset * 1000;
    const answer = await octokit.rest.repos.get(REPO);
    expect(answer.headers['x-ratelimit-remaining']).toBe('1');
  });
});
