import { describe, expect, it } from 'vitest';
import { BOT_USER_ID } from '../support/fake-slack.js';
import { CHANNEL, perTestWorld, SIGNING_SECRET } from '../support/scenario.js';
import { postSignedSlackEvent } from '../support/sign.js';
import { eventCallback } from '../support/slack-payloads.js';
import type { Bot } from '../support/start-bot.js';

/** An Events API delivery of `app_mention`, as Slack sends it. */
function mention(eventId: string, text: string, ts: string, channel = CHANNEL) {
  return eventCallback(eventId, {
    type: 'app_mention',
    user: 'U0ALICE',
    text: `<@${BOT_USER_ID}> ${text}`,
    ts,
    channel,
    event_ts: ts,
  });
}

const deliver = (bot: Bot, payload: unknown, retry?: number) =>
  postSignedSlackEvent(bot.url, SIGNING_SECRET, payload, retry);

describe('@Overseer in a channel', () => {
  const t = perTestWorld();

  it('"what are you working on?" is answered once in the thread with the truthful status, even when Slack retries', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env());
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );
    const asked = t.world.slack.addMessage(CHANNEL, { user: 'U0ALICE', text: 'what are you working on?' });

    expect((await deliver(bot, mention('Ev0001', 'what are you working on?', asked))).status).toBe(200);
    const [reply] = await t.world.slack.waitFor((slack) => {
      const replies = slack.callsTo('chat.postMessage').filter((call) => call.params.thread_ts === asked);
      return replies.length > 0 && replies;
    });
    expect(String(reply?.params.text)).toContain('acme/widgets');
    expect(String(reply?.params.text)).toMatch(/green|no verdict yet/);

    // Slack's retry of the same event is acknowledged but not answered again.
    expect((await deliver(bot, mention('Ev0001', 'what are you working on?', asked), 1)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      t.world.slack.callsTo('chat.postMessage').filter((call) => call.params.thread_ts === asked),
    ).toHaveLength(1);
  }, 30_000);

  it('anything else gets the help', async () => {
    const bot = await t.bot(t.world.env());
    const asked = t.world.slack.addMessage(CHANNEL, { user: 'U0ALICE', text: 'hello' });
    await deliver(bot, mention('Ev0002', 'hello there', asked));
    const reply = await t.world.slack.waitFor((slack) =>
      slack.callsTo('chat.postMessage').find((call) => call.params.thread_ts === asked),
    );
    expect(String(reply.params.text)).toContain('/overseer status');
  }, 30_000);

  it("asked in a channel no watch posts to, the status lists no other team's repos", async () => {
    const bot = await t.bot(t.world.env());
    t.world.slack.addChannel('C0RANDOM');
    const asked = t.world.slack.addMessage('C0RANDOM', { user: 'U0ALICE', text: 'status?' });
    await deliver(bot, mention('Ev0003', 'status?', asked, 'C0RANDOM'));
    const reply = await t.world.slack.waitFor((slack) =>
      slack.callsTo('chat.postMessage').find((call) => call.params.thread_ts === asked),
    );
    expect(String(reply.params.text)).not.toContain('acme/widgets');
    expect(String(reply.params.text)).toContain('No watched repo posts its incidents to this channel');
  }, 30_000);
});
