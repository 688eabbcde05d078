// The bot's log at its most talkative (debug) through a scripted run, read line by line: no
// token, signing secret, webhook secret, GitHub App private key or installation token in it.

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deliverWorkflowRun } from '../support/deliver-webhook.js';
import { startInProcessBot } from '../support/in-process-bot.js';
import { CHANNEL, socketModeEnv, startWorld } from '../support/scenario.js';
import { slackDriver } from '../support/slack-driver.js';
import { findButton } from '../support/slack-payloads.js';

const LEAD = 'U0LEAD';
const YEARLY = '0 0 1 1 *';

/** Every secret value in `env`, and the long lines of a PEM key (a piece of it is a leak too). */
function secretsOf(env: Record<string, string>): string[] {
  const names = [
    'SLACK_BOT_TOKEN',
    'SLACK_APP_TOKEN',
    'SLACK_SIGNING_SECRET',
    'GITHUB_TOKEN',
    'GITHUB_WEBHOOK_SECRET',
    'GITHUB_APP_PRIVATE_KEY',
  ];
  const values = names.flatMap((name) => (env[name] === undefined ? [] : [env[name]]));
  const pemLines = values.flatMap((value) =>
    value.split('\n').filter((line) => /^[A-Za-z0-9+/=]{40,}$/.test(line)),
  );
  return [...values, ...pemLines];
}

function expectNoSecret(log: string, secrets: readonly string[]): void {
  // The run logged where a secret would be (request headers), blanked out.
  expect(log).toMatch(/\[redacted\]|\[\[REDACTED\]\]/);
  for (const secret of secrets)
    expect(log.includes(secret), `a secret of ${secret.length} characters`).toBe(false);
  // GitHub App installation tokens the fake GitHub minted (`ghs_…`).
  expect(log).not.toMatch(/ghs_fake\d+/);
}

describe('the log holds no secret', () => {
  it('HTTP mode with a token: commands, a click, a webhook, refused requests', async () => {
    const world = await startWorld();
    world.slack.addUser({ id: LEAD, name: 'lead', email: 'lead@acme.test' });
    const env = world.env({
      SLACK_BOT_TOKEN: 'xoxb-4242-secret-bot-token-value',
      OVERSEER_SCHEDULE: YEARLY,
      OVERSEER_ORIGINATE_ENABLED: 'true',
      OVERSEER_APPROVERS: LEAD,
    });
    const bot = await startInProcessBot(env);
    try {
      const slack = slackDriver(() => bot.url, world.slack);
      world.push('Add widgets', 'success');
      await slack.command('check', LEAD);
      const red = world.push('Break the widget parser', 'failure');
      const delivered = await deliverWorkflowRun(bot, { ...red, conclusion: 'failure' }, 'delivery-1');
      expect(delivered.status).toBe(202);
      const root = await world.slack.waitFor((s) => s.messages(CHANNEL)[0], 10_000);
      const task = await world.slack.waitFor(
        (s) => s.thread(CHANNEL, root.ts).find((m) => findButton(m.blocks, 'overseer_task_approve')),
        10_000,
      );
      expect(await slack.click(task, 'overseer_task_approve', LEAD)).toBe(200);
      await world.github.waitFor((github) => github.rerunRequests.length > 0, 10_000);
      for (const command of ['status', 'flags', 'history', 'tasks']) await slack.command(command, LEAD);
      const forged = await deliverWorkflowRun(bot, { ...red, conclusion: 'failure' }, 'delivery-2', {
        signature: 'sha256=00',
      });
      expect(forged.status).toBe(401);
    } finally {
      await bot.stop();
      await world.close();
    }
    expectNoSecret(bot.logText(), secretsOf(env));
  }, 40_000);

  it('Socket Mode with a GitHub App: connecting, installation tokens, a check', async () => {
    const appToken = 'xapp-1-secret-app-token-value';
    const world = await startWorld({ socketMode: true, appToken });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { GITHUB_TOKEN: _token, ...base } = socketModeEnv(world, appToken);
    const env = {
      ...base,
      SLACK_BOT_TOKEN: 'xoxb-4243-secret-bot-token-value',
      OVERSEER_SCHEDULE: YEARLY,
      GITHUB_APP_ID: '12345',
      GITHUB_APP_INSTALLATION_ID: '67890',
      GITHUB_APP_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    world.push('Add widgets', 'success');
    const bot = await startInProcessBot(env);
    try {
      await world.github.waitFor(
        (github) => github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
        10_000,
      );
    } finally {
      await bot.stop();
      await world.close();
    }
    expectNoSecret(bot.logText(), secretsOf(env));
  }, 40_000);
});
