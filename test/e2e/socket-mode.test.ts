import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL, perTestWorld, socketModeEnv } from '../support/scenario.js';
import { exitOf, runMain } from '../support/start-bot.js';

describe('Socket Mode', () => {
  const t = perTestWorld();

  it('asks Slack for a connection with the app token, and a connection still failing does not stop CI watching', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(socketModeEnv(t.world, 'xapp-1-A1-test'));
    const open = await t.world.slack.waitFor((slack) => slack.callsTo('apps.connections.open')[0]);
    expect(open.token).toBe('xapp-1-A1-test');

    // The fake offers no WebSocket: Overseer goes on and posts the incident over the Web API.
    t.world.push('Break the build', 'failure');
    await t.world.slack.waitFor((slack) => slack.messages(CHANNEL).length === 1, 15_000);
    const ready = await fetch(`${bot.url}/readyz`).then((response) => response.json());
    expect(JSON.stringify(ready)).toMatch(
      /slack-socket unreachable since .*: Socket Mode connection not open yet/,
    );
  }, 30_000);
});

describe('Socket Mode with a refused app-level token', () => {
  const t = perTestWorld({ appToken: 'xapp-1-right' });

  it('stops start-up with a message naming SLACK_APP_TOKEN', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'overseer-sm-'));
    const child = runMain({ ...socketModeEnv(t.world, 'xapp-1-wrong-secret'), OVERSEER_DATA_DIR: dataDir });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stderr?.on('data', collect);
    child.stdout?.on('data', collect);
    expect(await exitOf(child)).toBe(1);
    expect(output).toContain('SLACK_APP_TOKEN');
    expect(output).not.toContain('wrong-secret');
  }, 20_000);
});
