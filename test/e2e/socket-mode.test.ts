import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, startWorld, type World } from '../support/scenario.js';
import { type Bot, exitOf, runMain, startBot } from '../support/start-bot.js';

/** The world's environment in Socket Mode: an app-level token instead of a signing secret. */
function socketEnv(world: World, appToken: string): Record<string, string> {
  const { SLACK_SIGNING_SECRET: _secret, ...env } = world.env({ SLACK_APP_TOKEN: appToken });
  return env;
}

describe('Socket Mode', () => {
  let world: World;
  let bot: Bot | undefined;

  beforeEach(async () => {
    world = await startWorld();
  });

  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await world.close();
  });

  it('asks Slack for a connection with the app token, and a connection still failing does not stop CI watching', async () => {
    world.push('Add widgets', 'success');
    bot = await startBot(socketEnv(world, 'xapp-1-A1-test'));
    const open = await world.slack.waitFor((slack) => slack.callsTo('apps.connections.open')[0]);
    expect(open.token).toBe('xapp-1-A1-test');

    // The fake offers no WebSocket: Overseer goes on and posts the incident over the Web API.
    world.push('Break the build', 'failure');
    await world.slack.waitFor((slack) => slack.messages(CHANNEL).length === 1, 15_000);
    const ready = await fetch(`${bot.url}/readyz`).then((response) => response.json());
    expect(JSON.stringify(ready)).toMatch(
      /slack-socket unreachable since .*: Socket Mode connection not open yet/,
    );
  }, 30_000);

  it('a refused app-level token stops start-up with a message naming SLACK_APP_TOKEN', async () => {
    await world.close();
    world = await startWorld({ appToken: 'xapp-1-right' });
    const child = runMain({
      ...socketEnv(world, 'xapp-1-wrong-secret'),
      OVERSEER_DATA_DIR: '/tmp/overseer-sm-data',
    });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    expect(await exitOf(child)).toBe(1);
    expect(output).toContain('SLACK_APP_TOKEN');
    expect(output).not.toContain('wrong-secret');
  }, 20_000);
});
