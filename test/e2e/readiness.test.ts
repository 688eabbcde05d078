import { describe, expect, it } from 'vitest';
import { perTestWorld, sleep } from '../support/scenario.js';
import { type Bot, freePort } from '../support/start-bot.js';
import { type Readiness, waitForReadyz } from '../support/wait-for-readyz.js';

/** /readyz answers from the bot's start until it is ready, 100 ms apart. */
async function readyzUntilReady(bot: Bot, timeoutMs: number) {
  const seen: Array<{ status: number; body: Readiness; at: number }> = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${bot.url}/readyz`);
    seen.push({ status: response.status, body: (await response.json()) as Readiness, at: Date.now() });
    if (response.status === 200) return seen;
    if (Date.now() > deadline) throw new Error(`never ready: ${JSON.stringify(seen.at(-1))}`);
    await sleep(100);
  }
}

describe('readiness of the built bot', () => {
  const t = perTestWorld();

  it('is not ready until GitHub answered once: "not checked yet", then its failure, then ready', async () => {
    t.world.push('Add widgets', 'success');
    // The start-up check's three attempts fail (about 5 s with the retries); the next cycle's succeed.
    t.world.github.failNext({ path: /\/runs$/ }, { status: 502 }, 3);
    const bot = await t.bot(t.world.env());
    const seen = await readyzUntilReady(bot, 20_000);

    const firstRunsAnswer = t.world.github.requests.find((r) => r.path.endsWith('/runs') && r.status === 200);
    expect(firstRunsAnswer).toBeDefined();
    const beforeGitHubAnswered = seen.filter((answer) => answer.at < (firstRunsAnswer?.time ?? 0));
    expect(beforeGitHubAnswered.length).toBeGreaterThan(0);
    expect(beforeGitHubAnswered.every((answer) => answer.status === 503)).toBe(true);
    expect(seen[0]?.body.reasons).toContain('github not checked yet');
    const reasons = seen.flatMap((answer) => answer.body.reasons);
    expect(reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^github unreachable since \S+: http 502$/)]),
    );
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
