import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postGitHubWebhook } from '../support/deliver-webhook.js';
import { type RawReply, rawRequest } from '../support/raw-request.js';
import { perTestWorld, REPO, sleep } from '../support/scenario.js';
import { signGitHubWebhook } from '../support/sign.js';
import type { Bot } from '../support/start-bot.js';
import { pingEvent } from '../support/webhook-payloads.js';

/** Once a year: only the start-up cycle runs, so every later GitHub call would come from a request. */
const RARELY = '0 0 1 1 *';
const MB = 1024 * 1024;
const HUGE = 20 * MB;
/**
 * The RSS growth a flood of 50 HUGE bodies may cause. Read whole they would take 1,000 MB (500 MB
 * for the 25 chunked ones, whose size no header announces); cut at 1 MB, 16 at a time, at most
 * 25 MB is read, and the memory allocator hands freed chunks back to the system when it likes (a
 * loaded CI machine once saw +52.8 MB). A tenth of the flood tells the two apart with room to spare.
 */
const FLAT = 100 * MB;

/** The resident set size of a process, in bytes, from /proc/<pid>/status. */
function rssOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * Runs `attack` while sampling the bot's RSS every 20 ms and asking /healthz every 25 ms (each
 * with a 2 s deadline). Both loops end with the attack.
 */
async function whileWatching<T>(bot: Bot, attack: () => Promise<T>) {
  let running = true;
  const baseline = rssOf(bot.pid);
  let peak = baseline;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, rssOf(bot.pid));
      await sleep(20);
    }
  })();
  const health: Array<number | string> = [];
  const prober = (async () => {
    while (running) {
      const status = await fetch(`${bot.url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.status,
        (error: unknown) => (error instanceof Error ? error.name : 'error'),
      );
      health.push(status);
      await sleep(25);
    }
  })();
  const result = await attack().finally(() => {
    running = false;
  });
  await Promise.all([sampler, prober]);
  return { result, growth: peak - baseline, baseline, peak, health };
}

const times = <T>(n: number, make: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => make(i)));

describe('bounded ingress: floods of large bodies, against the built bot', () => {
  const t = perTestWorld();

  const startQuietBot = async () => {
    const bot = await t.bot(t.world.env({ OVERSEER_SCHEDULE: RARELY }));
    // The start-up check is done; from here on the bot has nothing to ask GitHub or tell Slack.
    await t.world.github.waitFor((github) => github.requests.some((r) => r.path.endsWith('/runs')), 5_000);
    await sleep(500);
    return bot;
  };
  const expectStillServing = async (bot: Bot) => {
    const response = await postGitHubWebhook(bot.url, 'ping', JSON.stringify(pingEvent({ repo: REPO })));
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 200,
      body: { ok: true, ignored: true },
    });
  };
  const summary = (replies: RawReply[]) => replies.map((r) => `${r.status ?? r.error}`).join(',');

  it('50 unsigned 20 MB webhooks and 4 unsigned 20 MB Slack requests at once: refused unread, /healthz answers, RSS stays flat', async () => {
    const bot = await startQuietBot();
    const githubBefore = t.world.github.requests.length;
    const slackBefore = t.world.slack.calls.length;

    const watch = await whileWatching(bot, () =>
      times(54, (i) =>
        i < 50
          ? rawRequest({
              port: bot.port,
              path: '/webhooks/github',
              headers: {
                'content-type': 'application/json',
                'x-github-event': 'workflow_run',
                'x-github-delivery': randomUUID(),
              },
              bodyBytes: HUGE,
            })
          : rawRequest({
              port: bot.port,
              path: '/slack/events',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              bodyBytes: HUGE,
            }),
      ),
    );
    const webhooks = watch.result.slice(0, 50);
    const slack = watch.result.slice(50);

    console.info(
      `unsigned flood: RSS ${(watch.baseline / MB).toFixed(1)} MB -> peak ${(watch.peak / MB).toFixed(1)} MB` +
        ` (+${(watch.growth / MB).toFixed(1)} MB); /healthz answered ${watch.health.length} times`,
    );
    expect(watch.growth).toBeLessThan(FLAT);
    expect(watch.health.length).toBeGreaterThan(0);
    expect(watch.health.filter((status) => status !== 200)).toEqual([]);
    expect(summary(webhooks)).toBe(Array(50).fill('401').join(','));
    expect(summary(slack)).toBe(Array(4).fill('401').join(','));
    for (const reply of watch.result) {
      expect(JSON.parse(reply.body)).toEqual({ error: 'signature missing' });
      expect(reply.headers.connection).toBe('close');
      // The bot closed the connection long before the client could push its 20 MB.
      expect(reply.sent).toBeLessThan(HUGE);
    }

    await expectStillServing(bot);
    expect(t.world.slack.calls.slice(slackBefore)).toEqual([]);
    expect(t.world.slack.callsTo('chat.postMessage')).toEqual([]);
    expect(t.world.github.requests).toHaveLength(githubBefore);
  }, 90_000);

  it('50 20 MB webhooks with a forged signature, half of them chunked: each is cut at 1 MB or turned away, RSS stays flat', async () => {
    const bot = await startQuietBot();
    const githubBefore = t.world.github.requests.length;
    const forged = await signGitHubWebhook('not-the-secret', 'x');

    const watch = await whileWatching(bot, () =>
      times(50, (i) =>
        rawRequest({
          port: bot.port,
          path: '/webhooks/github',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'workflow_run',
            'x-github-delivery': randomUUID(),
            'x-hub-signature-256': forged,
          },
          bodyBytes: HUGE,
          chunked: i % 2 === 1,
        }),
      ),
    );

    console.info(
      `forged flood: RSS ${(watch.baseline / MB).toFixed(1)} MB -> peak ${(watch.peak / MB).toFixed(1)} MB` +
        ` (+${(watch.growth / MB).toFixed(1)} MB); /healthz answered ${watch.health.length} times;` +
        ` answers ${summary(watch.result)}`,
    );
    expect(watch.growth).toBeLessThan(FLAT);
    expect(watch.health.length).toBeGreaterThan(0);
    expect(watch.health.filter((status) => status !== 200)).toEqual([]);
    for (const reply of watch.result) {
      expect([413, 503]).toContain(reply.status);
      expect(reply.headers.connection).toBe('close');
      expect(reply.sent).toBeLessThan(HUGE);
      if (reply.status === 503) {
        expect(reply.headers['retry-after']).toMatch(/^\d+$/);
        expect(JSON.parse(reply.body)).toEqual({ error: 'busy' });
      } else {
        expect(JSON.parse(reply.body)).toEqual({ error: 'body too large' });
      }
    }
    // Announced sizes are refused from the headers alone.
    expect(watch.result.filter((_, i) => i % 2 === 0).map((r) => r.status)).toEqual(Array(25).fill(413));

    await expectStillServing(bot);
    expect(t.world.slack.callsTo('chat.postMessage')).toEqual([]);
    expect(t.world.github.requests).toHaveLength(githubBefore);
  }, 90_000);
});
