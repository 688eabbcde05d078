import { describe, expect, it } from 'vitest';
import { askStatus } from '../support/ask-status.js';
import { configEnv } from '../support/config-file.js';
import type { GitHubRequest } from '../support/fake-github.js';
import { ALICE, CHANNEL, perTestWorld, REPO, sleep, visibleText, type World } from '../support/scenario.js';

const OTHER = 'acme/other';
const OTHER_CHANNEL = 'C0OTHER';

/** The world's environment watching `repos` (each with its channel) from a config file, checked every second. */
function envFor(world: World, repos: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const lines = ['repos:'];
  for (const [repo, channel] of repos)
    lines.push(`  - repo: ${repo}`, '    workflow: ci.yml', '    branch: main', `    channel: ${channel}`);
  return configEnv(world, lines, { OVERSEER_SCHEDULE: '* * * * * *', GITHUB_TIMEOUT: '1s' });
}

function redOn(world: World, repo: string, message: string) {
  const sha = world.github.addCommit(repo, { message, author: ALICE });
  world.github.addRun(repo, {
    workflow: 'ci.yml',
    branch: 'main',
    headSha: sha,
    conclusion: 'failure',
    jobs: [
      { name: 'unit tests', conclusion: 'failure', steps: [{ name: 'Run npm test', conclusion: 'failure' }] },
    ],
  });
}

const runsOf = (repo: string) => (r: GitHubRequest) =>
  r.path === `/repos/${repo}/actions/workflows/ci.yml/runs`;

describe('GitHub failing, end to end', () => {
  const t = perTestWorld();

  it('5xx on one repo: its incident is neither opened nor resolved from an error, the other repo is unaffected, status says why', async () => {
    const { slack, github } = t.world;
    slack.addChannel(OTHER_CHANNEL);
    github.addRepo(OTHER, { defaultBranch: 'main' });
    t.world.push('Add widgets', 'success');
    redOn(t.world, REPO, 'Break widgets');
    const bot = await t.bot(
      envFor(t.world, [
        [REPO, CHANNEL],
        [OTHER, OTHER_CHANNEL],
      ]),
    );
    await slack.waitFor(() => slack.messages(CHANNEL).length === 1, 15_000);

    // Every request about REPO fails: a 502, a 503, then answers that do not come within
    // GITHUB_TIMEOUT (1 s; they would come after 5 s). Then REPO goes green and OTHER red.
    const aboutRepo = { path: new RegExp(`^/repos/${REPO}/`) };
    github.failNext(aboutRepo, { status: 502 });
    github.failNext(aboutRepo, { status: 503 });
    github.failNext(aboutRepo, { hangMs: 5_000 }, 10_000);
    const failingFrom = github.requests.length;
    t.world.push('Fix widgets', 'success');
    redOn(t.world, OTHER, 'Break the other thing');
    await slack.waitFor(() => slack.messages(OTHER_CHANNEL).length === 1, 15_000);
    // A whole check of REPO (three attempts, the last given up at its deadline) failed after it
    // went green: still red, not resolved. Had the deadline not held, the late answer would be green.
    let status = '';
    const repoUnread = /acme\/widgets\* ci\.yml on main: unknown since .* \(GitHub could not be read: (.*)\)/;
    for (let asked = 0; asked < 60 && !repoUnread.test(status); asked += 1) {
      if (asked > 0) await sleep(250);
      status = await askStatus(bot.url, slack);
    }
    expect(visibleText(slack.messages(CHANNEL)[0])).not.toContain('Recovered');
    expect(slack.messages(CHANNEL)).toHaveLength(1);

    expect(status).toMatch(
      /acme\/widgets\* ci\.yml on main: unknown since .* \(GitHub could not be read: timeout\)/,
    );
    expect(status).toMatch(/acme\/other\* ci\.yml on main: red for/);
    expect(status).not.toMatch(/Bad Gateway|Service Unavailable|127\.0\.0\.1/);
    const repoStatuses = github.requests
      .slice(failingFrom)
      .filter((r) => r.path.startsWith(`/repos/${REPO}/`))
      .map((r) => r.status);
    expect(repoStatuses).toEqual(expect.arrayContaining([502, 503]));

    // GitHub is well again: REPO recovers in place, one message each.
    github.clearFailures();
    await slack.waitFor(() => visibleText(slack.messages(CHANNEL)[0]).includes('Recovered'), 15_000);
    expect(slack.messages(CHANNEL)).toHaveLength(1);
    expect(slack.messages(OTHER_CHANNEL)).toHaveLength(1);

    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toMatch(/^overseer_github_requests_total\{outcome="error"\} [1-9]/m);
    expect(metrics).toMatch(/^overseer_cycles_total\{outcome="partial"\} [1-9]/m);
    expect(metrics).toMatch(/^overseer_ci_check_errors_total\{repo="acme\/widgets"\} [1-9]/m);
  }, 60_000);

  it('a secondary rate limit and a spent hourly budget: no request before retry-after or the reset, nothing opened meanwhile, status says why', async () => {
    const { slack, github } = t.world;
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(envFor(t.world, [[REPO, CHANNEL]]));
    await github.waitFor((g) => g.requests.some((r) => runsOf(REPO)(r) && r.status === 200), 15_000);

    // Secondary limit, as a 429 with retry-after 2 s: not one request to GitHub for 2 s.
    github.failNext(
      { path: `/repos/${REPO}/actions/workflows/ci.yml/runs` },
      { secondaryRateLimit: 2, status: 429 },
    );
    const limited = await github.waitFor((g) => g.requests.find((r) => r.status === 429), 10_000);
    const after = await github.waitFor((g) => g.requests.find((r) => r.time > limited.time), 15_000);
    expect(after.time - limited.time).toBeGreaterThanOrEqual(2_000);

    // The hour's budget spent, back in 4 s: CI turns red meanwhile; nothing is read or opened until the reset.
    github.exhaustBudget(4);
    const resetAt = github.rateLimit.reset * 1000;
    redOn(t.world, REPO, 'Break widgets');
    const refused = await github.waitFor(
      (g) => g.requests.find((r) => r.status === 403 && r.time > after.time),
      10_000,
    );
    // Asked again until the failed check is recorded (the bot sees the 403 after the fake sent it).
    let status = '';
    for (let asked = 0; asked < 40 && !status.includes('asked Overseer to wait'); asked += 1) {
      if (asked > 0) await sleep(100);
      status = await askStatus(bot.url, slack);
    }
    expect(status).toContain('(GitHub asked Overseer to wait: rate limit exhausted)');
    expect(slack.messages(CHANNEL)).toHaveLength(0);

    const posted = await slack.waitFor(() => slack.messages(CHANNEL)[0], 20_000);
    expect(visibleText(posted)).toContain('Break widgets');
    const during = github.requests.filter((r) => r.time > refused.time && r.time < resetAt);
    expect(during).toEqual([]);
    expect(github.requests.filter((r) => r.status === 403)).toHaveLength(1);

    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toMatch(/^overseer_github_requests_total\{outcome="rate_limited"\} [2-9]/m);
    expect(metrics).toMatch(/^overseer_github_rate_limit_remaining \d+/m);
  }, 60_000);
});
