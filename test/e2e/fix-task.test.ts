import { describe, expect, it } from 'vitest';
import { CHANNEL, fixTaskReply, perTestWorld, SIGNING_SECRET, visibleText } from '../support/scenario.js';
import { postSignedInteraction } from '../support/sign.js';
import { buttonClickPayload, findButton } from '../support/slack-payloads.js';
import type { Bot } from '../support/start-bot.js';

const LEAD = 'U0LEAD';
const VISITOR = 'U0VISITOR';
const APPROVE = 'overseer_task_approve';

describe('fix tasks with Approve & Start, end to end (rerun)', () => {
  const t = perTestWorld();
  let clicks = 0;

  async function click(bot: Bot, message: Parameters<typeof buttonClickPayload>[0]['message'], user: string) {
    clicks += 1;
    const payload = buttonClickPayload({
      message,
      actionId: APPROVE,
      label: 'Approve & Start',
      user,
      responseUrl: t.world.slack.responseUrl(),
      triggerId: `trigger-${clicks}`,
    });
    const response = await postSignedInteraction(bot.url, SIGNING_SECRET, payload);
    expect(response.status).toBe(200);
  }

  it('a regression shows Approve & Start; a stranger changes nothing; two approvers at once re-run once', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(
      t.world.env({ OVERSEER_ORIGINATE_ENABLED: 'true', OVERSEER_APPROVERS: `${LEAD},U0LEAD2` }),
    );
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );
    const red = t.world.push('Break the widget parser', 'failure');
    const task = await t.world.slack.waitFor((slack) => {
      const root = slack.messages(CHANNEL)[0];
      const found = root && slack.thread(CHANNEL, root.ts).find((m) => findButton(m.blocks, APPROVE));
      return found ?? false;
    }, 8_000);
    expect(visibleText(task)).toContain(`run #${red.runId}`);

    await click(bot, task, VISITOR);
    const refused = await t.world.slack.waitFor(
      (slack) => slack.ephemerals(CHANNEL).find((e) => e.user === VISITOR),
      5_000,
    );
    expect(String(refused.text)).toContain('Only the approvers may do this');
    expect(t.world.github.rerunRequests).toEqual([]);

    await Promise.all([click(bot, task, LEAD), click(bot, task, 'U0LEAD2')]);
    await t.world.github.waitFor((github) => github.rerunRequests.length > 0, 5_000);
    const updated = await t.world.slack.waitFor((slack) => {
      const found = fixTaskReply(slack);
      return found && /Approved by/.test(visibleText(found)) ? found : false;
    }, 5_000);
    // Both clicks were in before the task said who approved it: one re-run, not two.
    expect(t.world.github.rerunRequests).toHaveLength(1);
    expect(findButton(updated.blocks, APPROVE)).toBeUndefined();
    expect(t.world.slack.messages(CHANNEL)).toHaveLength(1);
  }, 40_000);

  it('approved after CI moved on to a newer red commit: the old run is not re-run, the task says why', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env({ OVERSEER_ORIGINATE_ENABLED: 'true', OVERSEER_APPROVERS: LEAD }));
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );
    t.world.push('Break the widget parser', 'failure');
    const task = await t.world.slack.waitFor((slack) => {
      const root = slack.messages(CHANNEL)[0];
      const found = root && slack.thread(CHANNEL, root.ts).find((m) => findButton(m.blocks, APPROVE));
      return found ?? false;
    }, 8_000);
    const newer = t.world.push('Touch the widget parser again', 'failure');

    await click(bot, task, LEAD);
    const failed = await t.world.slack.waitFor((slack) => {
      const found = fixTaskReply(slack);
      return found && /Failed/.test(visibleText(found)) ? found : false;
    }, 8_000);
    expect(visibleText(failed)).toContain(`newer red commit ${newer.sha.slice(0, 7)}`);
    expect(t.world.github.rerunRequests).toEqual([]);
  }, 40_000);
});
