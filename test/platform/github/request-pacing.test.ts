import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../../src/core/classify-failure.js';
import { createOctokit, type GitHubClient } from '../../../src/platform/github/create-octokit.js';
import { createJobLogs } from '../../../src/platform/github/job-logs.js';
import type { PacingOptions } from '../../../src/platform/github/request-gate.js';
import { type FakeGitHub, startFakeGitHub } from '../../support/fake-github.js';
import { manualClock, settle } from '../../support/manual-clock.js';

const MINUTE = 60_000;
/** 10 s into a whole minute of the clock the fake counts its secondary-limit minutes on. */
const T0 = 29_000_000 * MINUTE + 10_000;
const REPO = { owner: 'acme', repo: 'widgets' };
const author = { name: 'A', email: 'a@example.com' };
/** GitHub's 900 points a minute, scaled down (see `world`). */
const POINTS = 90;
/** A hang guard: the writes alone take 3 s (a second apart), and a loaded machine is slow. */
const HANG_GUARD_MS = 60_000;

describe('every request the GitHub client makes is paced under the secondary limit', () => {
  let github: FakeGitHub | undefined;
  afterEach(async () => {
    await github?.close();
  });

  /**
   * The fake GitHub enforcing the secondary limit on a clock the test moves (points a clock minute,
   * 100 in flight: https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits),
   * and the bot's client paced on the same clock. GitHub's 900 points are scaled down to 90 here,
   * in the fake and the client alike, so a burst past them stays small: plugin-throttling spaces
   * writes a second apart on the wall clock, and the 900 themselves are the pure tests' subject.
   */
  async function world(pacing: PacingOptions = {}) {
    const clock = manualClock(T0);
    github = await startFakeGitHub({
      token: 'ghp_test',
      rateClock: clock.now,
      rateLimit: 15_000,
      secondary: { pointsPerMinute: POINTS },
      logs: { ttlMs: 3_600_000 },
    });
    github.addRepo('acme/widgets', { defaultBranch: 'main' });
    github.addCommit('acme/widgets', { message: 'red', author });
    const runId = github.addRun('acme/widgets', { workflow: 'ci.yml', conclusion: 'failure' });
    const jobId = github.run(runId).attempts[0]?.jobs[0]?.id;
    if (jobId === undefined) throw new Error('the run has no job');
    github.setJobLog(jobId, 'Error: expected 1 to be 2\n');
    const client = createOctokit({
      baseUrl: github.url,
      auth: { kind: 'token', token: 'ghp_test' },
      log: pino({ level: 'silent' }),
      retries: 0,
      now: clock.now,
      pacing: { setTimer: clock.setTimer, pointsPerMinute: POINTS, ...pacing },
    });
    return { clock, github, client, jobId };
  }

  /**
   * A webhook flood with a fix burst inside a polling cycle, all at once: 60 looks at the runs
   * (the cycle's; ETags make most of them 304s, which still cost their point), 20 webhook checks,
   * 15 job-log reads (a 302 each, the log itself from another host) and 5 annotation reads,
   * 4 issues opened (5 points each): 100 points of reads and 20 of writes, 104 requests.
   */
  function burst(client: GitHubClient, jobId: number) {
    const logs = createJobLogs(client.octokit);
    const calls: Array<Promise<unknown>> = [];
    const look = () => client.octokit.rest.actions.listWorkflowRuns({ ...REPO, workflow_id: 'ci.yml' });
    for (let i = 0; i < 60; i += 1) calls.push(look());
    for (let i = 0; i < 20; i += 1) calls.push(look());
    for (let i = 0; i < 15; i += 1)
      calls.push(
        logs.tail('acme/widgets', jobId, 1024).then((read) => {
          if (!read.ok) throw new Error(`log read failed: ${read.unavailable}`);
        }),
      );
    for (let i = 0; i < 5; i += 1)
      calls.push(
        logs.failureAnnotations('acme/widgets', jobId).then((read) => {
          if (!read.ok) throw new Error(`annotations read failed: ${read.unavailable}`);
        }),
      );
    for (let i = 0; i < 4; i += 1)
      calls.push(client.octokit.rest.issues.create({ ...REPO, title: `fix ${i}` }));
    return Promise.allSettled(calls);
  }

  /**
   * Looks once (the runs' ETag kept), then runs the burst, moving the clock only when every
   * admitted request has been answered.
   */
  async function drive(clock: ReturnType<typeof manualClock>, client: GitHubClient, jobId: number) {
    await client.octokit.rest.actions.listWorkflowRuns({ ...REPO, workflow_id: 'ci.yml' });
    let done = false;
    const results = burst(client, jobId).finally(() => {
      done = true;
    });
    while (!done) {
      await settle();
      const { inFlight, queued } = client.requests.pacing;
      if (inFlight === 0 && queued > 0) await clock.next();
    }
    return results;
  }

  it(
    'a webhook flood, log reads and fix writes beside a cycle: all answered, the fake never refuses',
    async () => {
      const { clock, github, client, jobId } = await world();
      const results = await drive(clock, client, jobId);

      const failures = results.filter((r) => r.status === 'rejected');
      expect(failures).toEqual([]);
      const usage = github.secondaryUsage();
      expect(usage.refused).toBe(0);
      expect(Math.max(...usage.pointsByMinute.values())).toBeLessThanOrEqual(POINTS);
      expect(usage.maxInFlight).toBeLessThanOrEqual(100);
      // Every request reached GitHub and paid its points, 304s included: the first look and the burst.
      expect([...usage.pointsByMinute.values()].reduce((a, b) => a + b, 0)).toBe(1 + 120);
      expect(github.requests.filter((r) => r.status === 304).length).toBeGreaterThan(0);
      // Some of them had to wait for the next minute's points.
      expect(client.requests.pacing.waited).toBeGreaterThan(0);
      expect(client.requests.pacing.refused).toBe(0);
      expect(client.requests.rateLimited).toBe(0);
    },
    HANG_GUARD_MS,
  );

  it(
    'the same burst without the pacing passes the secondary limit: the fake refuses',
    async () => {
      const { clock, github, client, jobId } = await world({ pointsPerMinute: 100_000, maxInFlight: 10_000 });
      const results = await drive(clock, client, jobId);
      expect(github.secondaryUsage().refused).toBeGreaterThan(0);
      expect(results.some((r) => r.status === 'rejected')).toBe(true);
    },
    HANG_GUARD_MS,
  );

  it(
    'a request that would wait past the bound fails at once, classified, and never reaches GitHub',
    async () => {
      const { github, client } = await world({ maxWaitMs: 10_000 });
      await Promise.all(Array.from({ length: POINTS }, () => client.octokit.rest.repos.get(REPO)));
      const reached = github.requests.length;
      const error: unknown = await client.octokit.rest.repos.get(REPO).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(classifyFailure(error)).toEqual({ cause: 'secondary limit pacing', code: 'GitHubBackOff' });
      expect((error as Error).message).toBe(
        `GitHub requests would wait more than 10 s to stay under the secondary rate limit (${POINTS} points a minute, 100 in flight)`,
      );
      expect(github.requests).toHaveLength(reached);
      expect(client.requests.pacing).toMatchObject({ refused: 1, queued: 0, inFlight: 0 });
    },
    HANG_GUARD_MS,
  );
});
