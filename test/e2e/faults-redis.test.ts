import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { escalationLines, writeConfigFile } from '../support/config-file.js';
import { type OwnRedis, startOwnRedis } from '../support/own-redis.js';
import { CHANNEL, perTestWorld, sleep, visibleText } from '../support/scenario.js';
import type { Bot } from '../support/start-bot.js';
import { waitForReadyz } from '../support/wait-for-readyz.js';

const ONCALL = 'U0OLIVE';

const STORE_DOWN = /^store unreachable since \S+: disconnected$/;

describe('Redis stopped and started again under a running bot (a redis-server of its own)', () => {
  const t = perTestWorld();
  let redis: OwnRedis;

  beforeEach(async () => {
    redis = await startOwnRedis();
  });
  afterEach(async () => {
    await redis.close();
  });

  const root = () => t.world.slack.messages(CHANNEL)[0];
  const mentions = () =>
    t.world.slack.thread(CHANNEL, root()?.ts ?? '').filter((reply) => reply.text.includes(`<@${ONCALL}>`));
  const topLevelPosts = () =>
    t.world.slack
      .callsTo('chat.postMessage')
      .filter((call) => call.ok && call.params.thread_ts === undefined);

  async function openIncident(bot: Bot): Promise<void> {
    t.world.push('Add widgets', 'success');
    await t.world.github.waitFor((github) => github.requests.some((r) => r.path.endsWith('/runs')), 5_000);
    t.world.push('Break the widget parser', 'failure');
    await t.world.slack.waitFor((slack) => slack.messages(CHANNEL).length > 0, 8_000);
    await waitForReadyz(`${bot.url}/readyz`, 200, 8_000);
  }

  /** /healthz answers 200 and /readyz 503 naming the store and a classified cause, nothing more. */
  async function expectStoreDown(bot: Bot): Promise<void> {
    const down = await waitForReadyz(`${bot.url}/readyz`, 503, 10_000, (body) =>
      body.reasons.some((reason) => reason.startsWith('store unreachable')),
    );
    expect(down.reasons.filter((reason) => reason.startsWith('store'))).toEqual([
      expect.stringMatching(STORE_DOWN),
    ]);
    expect(JSON.stringify(down)).not.toMatch(/acme|widgets|127\.0\.0\.1|ECONN|redis:/i);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  }

  it('stopped mid-incident and started with its data: ready again, the step due in the gap fires once, nothing reposted', async () => {
    t.world.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
    const bot = await t.bot(
      t.world.env({ REDIS_URL: redis.url, OVERSEER_CONFIG: writeConfigFile(escalationLines(ONCALL, '5s')) }),
    );
    await openIncident(bot);
    await redis.stop('save');
    const stoppedAt = Date.now();

    await expectStoreDown(bot);
    // Cycles fail on the stopped store meanwhile (GitHub is not even read: nothing could be
    // recorded); a new red lands and the mention comes due in the gap.
    t.world.push('Still broken', 'failure');
    await sleep(Math.max(0, stoppedAt + 6_000 - Date.now()));
    expect(mentions()).toHaveLength(0);
    for (let i = 0; i < 5; i += 1) expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);

    await redis.start();
    await waitForReadyz(`${bot.url}/readyz`, 200, 15_000);
    await t.world.slack.waitFor(() => mentions().length > 0, 15_000);
    // Two more cycles after the mention: a second one, or a second root, would show by then.
    const mentionedAt = Date.now();
    await t.world.github.waitFor(
      (github) => github.requests.filter((r) => r.path.endsWith('/runs') && r.time > mentionedAt).length >= 2,
      8_000,
    );
    expect(mentions()).toHaveLength(1);
    expect(topLevelPosts()).toHaveLength(1);
    expect(t.world.slack.messages(CHANNEL)).toHaveLength(1);
    expect(visibleText(root())).toMatch(/Still red at `[0-9a-f]{7}`/);
  }, 60_000);

  it('restarted empty: ready again, and the open episode keeps its one message (found, not posted twice)', async () => {
    const bot = await t.bot(t.world.env({ REDIS_URL: redis.url }));
    await openIncident(bot);
    const first = root();
    await redis.stop('empty');
    await expectStoreDown(bot);
    await redis.start();
    await waitForReadyz(`${bot.url}/readyz`, 200, 15_000);

    // With no memory the bot reads the watch afresh, finds CI red, looks in the channel's history
    // and updates the message it finds there.
    const looked = await t.world.slack.waitFor(
      (slack) => slack.callsTo('conversations.history').find((call) => call.ok),
      15_000,
    );
    await t.world.slack.waitFor(
      (slack) => slack.callsTo('chat.update').some((call) => call.ok && call.time >= looked.time),
      15_000,
    );
    const back = Date.now();
    await t.world.github.waitFor(
      (github) => github.requests.filter((r) => r.path.endsWith('/runs') && r.time > back).length >= 3,
      10_000,
    );
    expect(topLevelPosts()).toHaveLength(1);
    expect(t.world.slack.messages(CHANNEL)).toEqual([expect.objectContaining({ ts: first?.ts })]);

    // The episode goes on from that message: green resolves it in place.
    t.world.push('Fix the widget parser', 'success');
    await t.world.slack.waitFor(
      (slack) => /recovered/i.test(visibleText(slack.messages(CHANNEL)[0])),
      10_000,
    );
    expect(topLevelPosts()).toHaveLength(1);
  }, 60_000);
});
