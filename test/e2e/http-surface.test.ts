import { describe, expect, it } from 'vitest';
import { postGitHubWebhook, type WebhookOptions } from '../support/deliver-webhook.js';
import { perTestWorld, REPO, sleep } from '../support/scenario.js';
import type { Bot } from '../support/start-bot.js';
import { waitForFirstCycle } from '../support/wait-for-metric.js';
import { waitForReadyz } from '../support/wait-for-readyz.js';
import { pingEvent, workflowRunCompleted } from '../support/webhook-payloads.js';

/** Once a year: only the start-up cycle runs, so every later GitHub call comes from a webhook. */
const RARELY = '0 0 1 1 *';

interface Delivery extends Omit<WebhookOptions, 'delivery'> {
  readonly event: string;
  readonly payload: unknown;
}

describe('the HTTP surface of the built bot', () => {
  const t = perTestWorld();
  let bot: Bot | undefined;

  const deliver = async ({ event, payload, ...signing }: Delivery) => {
    const response = await postGitHubWebhook(`${bot?.url}`, event, JSON.stringify(payload), signing);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const runsRequests = (repo = REPO) =>
    t.world.github.requests.filter((r) => r.path.startsWith(`/repos/${repo}/`) && r.path.endsWith('/runs'));
  const redRun = (repo: string) => {
    const { sha, runId } = t.world.push('Break the build', 'failure');
    return workflowRunCompleted({ repo, branch: 'main', headSha: sha, conclusion: 'failure', runId });
  };

  it('refuses unsigned and wrongly signed webhooks with 401 and makes no GitHub call for them', async () => {
    bot = await t.bot(t.world.env({ OVERSEER_SCHEDULE: RARELY }));
    await waitForFirstCycle(bot);
    const before = t.world.github.requests.length;

    expect((await deliver({ event: 'workflow_run', payload: redRun(REPO), signature: false })).status).toBe(
      401,
    );
    const wrong = await deliver({ event: 'workflow_run', payload: redRun(REPO), secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatch(/signature/);
    await sleep(500);
    expect(t.world.github.requests).toHaveLength(before);
  });

  it('refuses webhooks with 401 when GITHUB_WEBHOOK_SECRET is unset, even when signed', async () => {
    const { GITHUB_WEBHOOK_SECRET: _, ...env } = t.world.env({ OVERSEER_SCHEDULE: RARELY });
    bot = await t.bot(env);
    const refused = await deliver({ event: 'ping', payload: pingEvent({ repo: REPO }) });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toContain('GITHUB_WEBHOOK_SECRET');
  });

  it('answers a signed ping with 200 and ignores it', async () => {
    bot = await t.bot(t.world.env({ OVERSEER_SCHEDULE: RARELY }));
    await waitForFirstCycle(bot);
    const before = t.world.github.requests.length;
    const ping = await deliver({ event: 'ping', payload: pingEvent({ repo: REPO }) });
    expect(ping).toEqual({ status: 200, body: { ok: true, ignored: true } });
    await sleep(500);
    expect(t.world.github.requests).toHaveLength(before);
  });

  it('ignores a signed workflow_run of an unwatched repo, and checks one of the watched repo', async () => {
    t.world.github.addRepo('other/gadgets', { defaultBranch: 'main' });
    bot = await t.bot(t.world.env({ OVERSEER_SCHEDULE: RARELY }));
    await t.world.github.waitFor(() => runsRequests().length === 1, 15_000);

    const other = await deliver({ event: 'workflow_run', payload: redRun('other/gadgets') });
    expect(other).toEqual({ status: 200, body: { ok: true, ignored: true } });

    // The watched repo's delivery is checked at once: the same webhook path does reach GitHub.
    const watched = await deliver({ event: 'workflow_run', payload: redRun(REPO) });
    expect(watched.status).toBe(202);
    await t.world.github.waitFor(() => runsRequests().length === 2, 15_000);
    expect(t.world.github.requests.filter((r) => r.path.includes('other/gadgets'))).toEqual([]);
    t.world.github.assertNoUnexpected();
  });

  it('answers 404 for an unknown route and 405 for a wrong method on a known one', async () => {
    bot = await t.bot(t.world.env({ OVERSEER_SCHEDULE: RARELY }));
    const unknown = await fetch(`${bot.url}/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'not found' });
    const wrongMethod = await fetch(`${bot.url}/healthz`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);
    expect((await fetch(`${bot.url}/webhooks/github`)).status).toBe(405);
  });

  it('retries a failing GitHub 1 s then 4 s apart on every check, whatever earlier requests did', async () => {
    const green = t.world.push('Add widgets', 'success');
    t.world.github.failNext({ path: /\/runs$/ }, { status: 502 }, 6);
    bot = await t.bot(t.world.env({ OVERSEER_SCHEDULE: RARELY }));
    const failures = () =>
      t.world.github.requests.filter((r) => r.path.endsWith('/runs') && r.status === 502);
    // The start-up check fails after three attempts; a webhook then asks for a second check.
    await waitForReadyz(`${bot.url}/readyz`, 503, 10_000, (body) =>
      body.reasons.some((r) => r.startsWith('CI of')),
    );
    expect(failures()).toHaveLength(3);
    const run = workflowRunCompleted({
      repo: REPO,
      branch: 'main',
      headSha: green.sha,
      conclusion: 'success',
      runId: green.runId,
    });
    expect((await deliver({ event: 'workflow_run', payload: run })).status).toBe(202);
    await t.world.github.waitFor(() => failures().length === 6, 30_000);
    const [fourth, fifth, sixth] = failures()
      .slice(3)
      .map((r) => r.time);
    // The back-off is what is measured here, so time is: the lower bounds cannot be broken by a
    // slow machine (each retry is sent that long after the answer before it). The upper bounds are
    // wide, as a loaded machine only adds to them: the fault they guard against, a retry count
    // carried over from the start-up check's requests, makes these gaps 16 s and 25 s.
    expect((fifth ?? 0) - (fourth ?? 0)).toBeGreaterThan(800);
    expect((fifth ?? 0) - (fourth ?? 0)).toBeLessThan(8_000);
    expect((sixth ?? 0) - (fifth ?? 0)).toBeGreaterThan(3_500);
    expect((sixth ?? 0) - (fifth ?? 0)).toBeLessThan(12_000);

    // GitHub is back: the next delivery's check makes the bot ready again.
    expect((await deliver({ event: 'workflow_run', payload: run })).status).toBe(202);
    expect(await waitForReadyz(`${bot.url}/readyz`, 200, 15_000)).toEqual({ ready: true, reasons: [] });
  }, 45_000);

  it('/readyz is 503 naming the unknown CI while GitHub fails, posts nothing, and turns 200 after', async () => {
    t.world.push('Add widgets', 'success');
    t.world.github.failNext({ path: /\/runs$/ }, { status: 502 }, 6);
    bot = await t.bot(t.world.env());
    const url = `${bot.url}/readyz`;

    // The first answers may only say the loop is slow (the check is still retrying): wait for its verdict.
    const notReady = await waitForReadyz(url, 503, 15_000, (body) =>
      body.reasons.some((r) => r.startsWith('CI of')),
    );
    expect(notReady.ready).toBe(false);
    expect(notReady.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^github unreachable since \d{4}-\d\d-\d\dT.*: http 502$/),
        expect.stringMatching(/^CI of 1 watch unknown since \d{4}-\d\d-\d\dT/),
      ]),
    );
    // /readyz is often public: it names no repo, and no error text.
    expect(JSON.stringify(notReady)).not.toMatch(/acme|widgets|Bad Gateway/);
    expect(t.world.slack.callsTo('chat.postMessage')).toEqual([]);

    const ready = await waitForReadyz(url, 200, 30_000);
    expect(ready).toEqual({ ready: true, reasons: [] });
    expect(t.world.github.requests.filter((r) => r.path.endsWith('/runs') && r.status === 502)).toHaveLength(
      6,
    );
    expect(t.world.slack.callsTo('chat.postMessage')).toEqual([]);
  }, 50_000);
});
