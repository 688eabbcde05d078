import { describe, expect, it } from 'vitest';
import { perTestWorld, sleep } from '../support/scenario.js';
import { type Bot, freePort } from '../support/start-bot.js';
import { type Readiness, waitForReadyz } from '../support/wait-for-readyz.js';

/** /readyz answers from the bot's start until `done` holds for one (by default: ready), 100 ms apart. */
async function readyzUntil(
  bot: Bot,
  timeoutMs: number,
  done: (answer: { status: number; body: Readiness }) => boolean = (answer) => answer.status === 200,
) {
  const seen: Array<{ status: number; body: Readiness; at: number }> = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${bot.url}/readyz`);
    const answer = { status: response.status, body: (await response.json()) as Readiness, at: Date.now() };
    seen.push(answer);
    if (done(answer)) return seen;
    if (Date.now() > deadline) throw new Error(`never as awaited: ${JSON.stringify(seen.at(-1))}`);
    await sleep(100);
  }
}

describe('readiness of the built bot', () => {
  const t = perTestWorld();

  it('is not ready until GitHub answered once: "not checked yet", then its failure, then ready', async () => {
    t.world.push('Add widgets', 'success');
    // GitHub answers 502 to every run-list read until readiness has said so; then it is well again.
    // (Not a count of failures: a cycle slot may read runs beside the start-up check, and would take
    // failures meant for it.)
    t.world.github.failNext({ path: /\/runs$/ }, { status: 502 }, 10_000);
    const bot = await t.bot(t.world.env());
    const unreachable = /^github unreachable since \S+: http 502$/;
    const failing = await readyzUntil(bot, 20_000, (answer) =>
      answer.body.reasons.some((reason) => unreachable.test(reason)),
    );
    t.world.github.clearFailures();
    const seen = [...failing, ...(await readyzUntil(bot, 20_000))];

    const firstRunsAnswer = t.world.github.requests.find((r) => r.path.endsWith('/runs') && r.status === 200);
    expect(firstRunsAnswer).toBeDefined();
    const beforeGitHubAnswered = seen.filter((answer) => answer.at < (firstRunsAnswer?.time ?? 0));
    expect(beforeGitHubAnswered.length).toBeGreaterThan(0);
    expect(beforeGitHubAnswered.every((answer) => answer.status === 503)).toBe(true);
    expect(seen[0]?.body.reasons).toContain('github not checked yet');
    expect(failing.at(-1)?.status).toBe(503);
    expect(seen.at(-1)?.body).toEqual({ ready: true, reasons: [] });
  }, 30_000);

  it('names a refused connection to GitHub "refused", and logs ECONNREFUSED', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const bot = await t.bot(t.world.env({ GITHUB_API_URL: closed }));
    const notReady = await waitForReadyz(`${bot.url}/readyz`, 503, 15_000, (body) =>
      body.reasons.some((reason) => reason.startsWith('github unreachable')),
    );
    expect(notReady.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^github unreachable since \S+: refused$/),
        expect.stringMatching(/^CI of 1 watch unknown since \S+$/),
      ]),
    );
    expect(JSON.stringify(notReady)).not.toMatch(/acme|widgets|127\.0\.0\.1|ECONNREFUSED/);
    const failure = bot.logs().find((line) => line.msg === 'CI check failed; the previous state stands');
    expect(failure).toMatchObject({ dependency: 'github', cause: 'refused', code: 'ECONNREFUSED' });
    expect(JSON.stringify(failure)).toContain('ECONNREFUSED 127.0.0.1');
    expect(bot.output()).not.toContain('with id UNKNOWN');
  }, 25_000);

  it('names a GitHub host that does not resolve "dns", and logs ENOTFOUND', async () => {
    const bot = await t.bot(t.world.env({ GITHUB_API_URL: 'http://overseer-test.invalid' }));
    const notReady = await waitForReadyz(`${bot.url}/readyz`, 503, 15_000, (body) =>
      body.reasons.some((reason) => reason.startsWith('github unreachable')),
    );
    expect(notReady.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^github unreachable since \S+: dns$/)]),
    );
    expect(JSON.stringify(notReady)).not.toMatch(/overseer-test|ENOTFOUND/);
    const failure = bot.logs().find((line) => line.msg === 'CI check failed; the previous state stands');
    expect(failure).toMatchObject({ cause: 'dns', code: 'ENOTFOUND' });
    expect(JSON.stringify(failure)).toContain('getaddrinfo ENOTFOUND overseer-test.invalid');
  }, 25_000);
});
