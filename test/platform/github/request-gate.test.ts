import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../../src/core/classify-failure.js';
import { createOctokit, type GitHubClient } from '../../../src/platform/github/create-octokit.js';
import { createGitHubCi } from '../../../src/platform/github/github-ci.js';
import { type FakeGitHub, startFakeGitHub } from '../../support/fake-github.js';

const REPO = { owner: 'acme', repo: 'widgets' };

/** What a call threw, or undefined when it succeeded. */
const failureOf = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: unknown) => error,
  );

describe("GitHub's back-off, honoured by the client the bot uses", () => {
  let github: FakeGitHub;
  let client: GitHubClient;

  beforeEach(async () => {
    github = await startFakeGitHub({ token: 'ghp_test' });
    github.addRepo('acme/widgets', { defaultBranch: 'main' });
    client = createOctokit({
      baseUrl: github.url,
      auth: { kind: 'token', token: 'ghp_test' },
      log: pino({ level: 'silent' }),
    });
  });
  afterEach(async () => {
    await github.close();
  });

  it('after a secondary rate limit (429, retry-after 1 h) no request reaches GitHub, retries included; the cause is classified', async () => {
    github.failNext({ path: '/repos/acme/widgets' }, { secondaryRateLimit: 3600, status: 429 });
    const first = await failureOf(client.octokit.rest.repos.get(REPO));
    // plugin-retry asks again after 1 s (429 is not in its do-not-retry list): that retry is held back.
    expect(classifyFailure(first)).toEqual({ cause: 'secondary rate limit', code: 'GitHubBackOff' });
    expect(github.requests).toHaveLength(1);

    const second = await failureOf(client.octokit.rest.actions.listRepoWorkflows(REPO));
    expect(classifyFailure(second)).toEqual({ cause: 'secondary rate limit', code: 'GitHubBackOff' });
    expect(JSON.stringify(classifyFailure(second))).not.toContain('acme');
    expect(github.requests).toHaveLength(1);
    expect(client.requests).toMatchObject({ ok: 0, error: 0, rateLimited: 3 });
  });

  it('a spent budget holds every REST request until x-ratelimit-reset, then asks again', async () => {
    expect((await client.octokit.rest.repos.get(REPO)).status).toBe(200);
    expect(client.requests).toMatchObject({ ok: 1, remaining: 4999 });
    // GitHub gives the reset in whole seconds: 5 s leaves at least 4 s between the refusal and the
    // reset for the request that must be held (2 s once left under one on a busy machine).
    github.exhaustBudget(5);
    const reset = github.rateLimit.reset * 1000;

    const refused = await failureOf(client.octokit.rest.repos.get(REPO));
    expect(classifyFailure(refused)).toEqual({ cause: 'rate limit exhausted' });
    const held = await failureOf(client.octokit.rest.actions.listRepoWorkflows(REPO));
    expect(classifyFailure(held)).toEqual({ cause: 'rate limit exhausted', code: 'GitHubBackOff' });
    expect(github.requests.filter((r) => r.status === 403)).toHaveLength(1);
    expect(github.requests).toHaveLength(2);
    expect(client.requests.remaining).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, reset - Date.now() + 10));
    expect((await client.octokit.rest.actions.listRepoWorkflows(REPO)).status).toBe(200);
    expect(github.requests.at(-1)?.time).toBeGreaterThanOrEqual(reset);
    expect(client.requests.remaining).toBe(4999);
  });

  it('counts 304s apart from answers with a body, and a 5xx (each attempt) as an error', async () => {
    await client.octokit.rest.repos.get(REPO);
    await client.octokit.rest.repos.get(REPO);
    github.failNext({ path: '/repos/acme/widgets/actions/workflows' }, { status: 502 }, 1);
    await client.octokit.rest.actions.listRepoWorkflows(REPO);
    expect(client.requests).toMatchObject({ ok: 2, notModified: 1, error: 1, rateLimited: 0 });
  });
});

describe('the cycle’s polls go in the pacer’s polling lane', () => {
  it('reads of the polling CI provider stop at the limit less the reserve; others take the rest', async () => {
    const github = await startFakeGitHub({ token: 'ghp_test' });
    github.addRepo('acme/widgets', { defaultBranch: 'main' });
    const client = createOctokit({
      baseUrl: github.url,
      auth: { kind: 'token', token: 'ghp_test' },
      log: pino({ level: 'silent' }),
      pacing: { pointsPerMinute: 10, reserve: 2 },
    });
    try {
      const cycle = createGitHubCi(client.octokit, 'polling');
      const webhooks = createGitHubCi(client.octokit);
      for (let i = 0; i < 8; i += 1) await cycle.defaultBranch('acme/widgets');
      let polled = false;
      const ninth = cycle.defaultBranch('acme/widgets').then(() => {
        polled = true;
      });
      // A webhook's look, outside the cycle: served at once from the reserve.
      expect(await webhooks.defaultBranch('acme/widgets')).toBe('main');
      expect(await webhooks.defaultBranch('acme/widgets')).toBe('main');
      expect(polled).toBe(false);
      expect(github.requests).toHaveLength(10);
      void ninth.catch(() => undefined);
    } finally {
      await github.close();
    }
  });
});
