import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixTaskClicks, revertEnv } from '../support/fix-task-e2e.js';
import { type OwnRedis, startOwnRedis } from '../support/own-redis.js';
import { fixTaskReply, perTestWorld, REPO, visibleText } from '../support/scenario.js';
import { type Bot, startBot } from '../support/start-bot.js';

/**
 * Three bot processes on one Redis (a redis-server of the test's own), a revert fix task waiting
 * for Approve merge, and the button pressed on all three at once, then once more after the merge:
 * GitHub is asked to merge exactly once.
 */
const LEAD = 'U0LEAD';
/** A second approver, who presses after the merge: their private replies are theirs alone. */
const SECOND = 'U0SECOND';
const MERGE = 'overseer_task_merge';

describe('three processes on one Redis: Approve merge pressed on all three at once', () => {
  const t = perTestWorld();
  const { click, revertAskingForMerge, taskMessage } = fixTaskClicks(t);
  let redis: OwnRedis;
  const running: Bot[] = [];
  beforeEach(async () => {
    redis = await startOwnRedis();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((bot) => bot.stop()));
    await redis.close();
  });

  it('merges once, and a press after the merge merges nothing', async () => {
    const { github, slack } = t.world;
    t.world.push('Add widgets', 'success');
    const env = revertEnv(t, { REDIS_URL: redis.url, OVERSEER_APPROVERS: `${LEAD},${SECOND}` });
    // One after the other: three at once on a loaded machine may take longer than a start should.
    for (let n = 0; n < 3; n += 1) running.push(await startBot(env, 30_000));
    const [first] = running as [Bot, ...Bot[]];

    const { revert, asking } = await revertAskingForMerge(first, LEAD);
    await Promise.all(running.map((bot) => click(bot, asking, MERGE, 'Approve merge', LEAD)));
    await github.waitFor((g) => g.merges.length > 0, 20_000);
    // The task moves past its merge (it waits for CI at the merge commit now).
    await taskMessage(/merged/i);

    // Pressed again on every process, on the button as it was, by the other approver: each
    // process tells them the task has moved on (a private reply each) and merges nothing.
    await Promise.all(running.map((bot) => click(bot, asking, MERGE, 'Approve merge', SECOND)));
    const toSecond = () => slack.ephemerals().filter((e) => e.user === SECOND);
    await slack.waitFor(() => toSecond().length >= running.length, 15_000);
    for (const told of toSecond()) expect(told.text).toMatch(/Nothing changed/);

    expect(github.merges).toHaveLength(1);
    expect(github.merges[0]).toMatchObject({ number: revert.number });
    expect(github.pulls(REPO).filter((p) => p.title === revert.title)).toHaveLength(1);
    expect(visibleText(fixTaskReply(slack))).not.toMatch(/Waiting for Approve merge/);
  }, 180_000);
});
