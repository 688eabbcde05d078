import { createClient } from '@keyv/redis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, sleep, startWorld, type World } from '../support/scenario.js';
import { type Bot, startBot } from '../support/start-bot.js';

const redisUrl = process.env.REDIS_URL;
/** A database of its own, so other suites sharing this Redis do not see these keys. */
const DB = 7;

describe.skipIf(!redisUrl)('several replicas on one Redis', () => {
  let world: World;
  let bots: Bot[] = [];
  const url = `${redisUrl?.replace(/\/\d*$/, '')}/${DB}`;

  beforeEach(async () => {
    const client = createClient({ url });
    await client.connect();
    await client.flushDb();
    await client.quit();
    world = await startWorld();
  });

  afterEach(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    bots = [];
    await world.close();
  });

  it('two bot processes on one Redis post one incident and resolve it once', async () => {
    world.push('Add widgets', 'success');
    const env = world.env({ REDIS_URL: url });
    bots = await Promise.all([startBot(env), startBot(env)]);
    await world.github.waitFor(
      (github) => github.requests.filter((r) => r.path.endsWith('/runs')).length >= 2,
    );

    world.push('Break the build', 'failure');
    await world.slack.waitFor((slack) => slack.messages(CHANNEL).length > 0, 8_000);
    await sleep(5_000);
    expect(world.slack.messages(CHANNEL)).toHaveLength(1);
    expect(world.slack.callsTo('chat.postMessage')).toHaveLength(1);

    world.push('Fix the build', 'success');
    await world.slack.waitFor(
      (slack) => /recovered/i.test(JSON.stringify(slack.messages(CHANNEL)[0])),
      8_000,
    );
    await sleep(4_000);
    const replies = world.slack
      .callsTo('chat.postMessage')
      .filter((call) => call.params.thread_ts !== undefined);
    expect(replies).toHaveLength(1);
    // Once with the error lines (read by one replica only), once recovered.
    expect(world.slack.callsTo('chat.update')).toHaveLength(2);
  }, 45_000);

  it('with Redis unreachable the bot still serves, /readyz names the store, and nothing is posted', async () => {
    world.push('Add widgets', 'success');
    world.push('Break the build', 'failure');
    const bot = await startBot(world.env({ REDIS_URL: 'redis://127.0.0.1:6390' }));
    bots.push(bot);
    const deadline = Date.now() + 10_000;
    let body = '';
    while (Date.now() < deadline) {
      const response = await fetch(`${bot.url}/readyz`);
      body = await response.text();
      if (response.status === 503 && body.includes('store unreachable')) break;
      await sleep(200);
    }
    expect(body).toContain('store unreachable');
    expect(world.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  }, 30_000);
});
