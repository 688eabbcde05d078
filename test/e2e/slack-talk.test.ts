import { describe, expect, it } from 'vitest';
import { BOT_USER_ID, TEAM_ID } from '../support/fake-slack.js';
import { CHANNEL, perTestWorld, REPO, SIGNING_SECRET, sleep, visibleText } from '../support/scenario.js';
import { postSignedSlackEvent, postSignedSlackForm } from '../support/sign.js';
import { eventCallback, findButton } from '../support/slack-payloads.js';
import type { Bot } from '../support/start-bot.js';
import { waitForMetric } from '../support/wait-for-metric.js';

const ADMIN = 'U0ALICE';
const OTHER = 'U0BOB';
const LEAD = 'U0LEAD';

describe('talking to Overseer: flags, incidents, history, DMs and the Home tab, end to end', () => {
  const t = perTestWorld();
  let commands = 0;
  let events = 0;

  /**
   * A signed `/overseer <text>`; answers what was shown (only to the user, or to the channel).
   * `whileHeld`: the answer must come while every GitHub request and Slack's message writes are
   * held unanswered, which proves it waits on neither (Slack's 3 s for an answer).
   */
  const command = async (
    bot: Bot,
    user: string,
    text: string,
    shown: 'ephemeral' | 'in_channel' = 'ephemeral',
    whileHeld = false,
  ): Promise<{ text: string }> => {
    commands += 1;
    const responseUrl = t.world.slack.responseUrl();
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: TEAM_ID,
      channel_id: CHANNEL,
      user_id: user,
      command: '/overseer',
      text,
      api_app_id: 'A0OVERSEER',
      response_url: responseUrl,
      trigger_id: `5678.${commands}.abcdef`,
    }).toString();
    const holds = whileHeld
      ? [
          t.world.github.hold({}),
          t.world.slack.hold(['chat.postMessage', 'chat.update', 'chat.postEphemeral']),
        ]
      : [];
    try {
      const response = await postSignedSlackForm(bot.url, SIGNING_SECRET, body);
      expect(response.status).toBe(200);
      const acked = await response.text();
      const inAck =
        acked === '' ? undefined : (JSON.parse(acked) as { response_type?: string; text?: string });
      if (inAck?.text !== undefined) {
        expect(inAck.response_type).toBe(shown);
        return { text: inAck.text };
      }
      const reply = await t.world.slack.waitFor(
        (slack) => slack.responses.find((posted) => posted.url === responseUrl),
        15_000,
      );
      expect(reply.body.response_type).toBe(shown);
      return { text: String(reply.body.text) };
    } finally {
      for (const hold of holds) hold.release();
    }
  };

  /** A signed Events API delivery of `event`. */
  const deliver = async (bot: Bot, event: Record<string, unknown>) => {
    events += 1;
    const payload = eventCallback(`EvTalk${events}`, event);
    expect((await postSignedSlackEvent(bot.url, SIGNING_SECRET, payload)).status).toBe(200);
  };

  const firstRead = () =>
    t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );

  it('every new subcommand answers while GitHub and Slack are held, and a typo is told the command it meant', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env({ OVERSEER_ADMINS: ADMIN }));
    await firstRead();
    t.world.push('Break the parser', 'failure');
    await t.world.slack.waitFor((slack) => slack.messages(CHANNEL)[0], 8_000);
    // The check that posted it is over: the message's place is recorded (Slack answered first).
    await waitForMetric(bot, /^overseer_ci_checks_total\{verdict="red",event="regression"\} 1$/m);

    const incidents = await command(bot, OTHER, 'incidents', 'ephemeral', true);
    expect(incidents.text).toContain('*Open incidents* (1)');
    expect(incidents.text).toMatch(/\*acme\/widgets\* ci\.yml on main: red for .+, not acknowledged/);
    expect(incidents.text).toContain(`message in <#${CHANNEL}>`);
    // `public` at the end shows the same answer to the channel.
    const shared = await command(bot, OTHER, 'incidents public', 'in_channel');
    expect(shared.text).toBe(incidents.text);
    const sharedHelp = await command(bot, OTHER, 'help public', 'in_channel');
    expect(sharedHelp.text).toContain('/overseer');

    for (const asked of ['history', `history ${REPO}`]) {
      const history = await command(bot, OTHER, asked, 'ephemeral', true);
      expect(history.text).toContain('*Red episodes of the last 30 days* (1), newest first:');
      expect(history.text).toMatch(
        /• :red_circle: \*acme\/widgets\* ci\.yml on main #1 opened \d{4}-\d\d-\d\d \d\d:\d\d UTC, still red: .+ so far · not acknowledged/,
      );
      expect(history.text).toContain('kept 90 days');
    }
    expect((await command(bot, OTHER, 'history acme/other')).text).toContain(
      'No red episode of acme/other in the last 30 days.',
    );
    expect((await command(bot, OTHER, 'history not a repo')).text).toContain(
      '`/overseer history owner/repo`',
    );

    const flags = await command(bot, OTHER, 'flags', 'ephemeral', true);
    expect(flags.text).toContain(
      '`selfHeal.enabled` (watch CI and post incidents): *on*, as configured (on)',
    );
    expect(flags.text).toContain(
      '`selfHeal.originate` (propose held fix tasks on a regression): *off*, as configured (off)',
    );

    const typo = await command(bot, OTHER, 'stauts');
    expect(typo.text).toBe(
      "I don't know `stauts`. Did you mean `/overseer status`? `/overseer help` lists every command.",
    );
    expect((await command(bot, OTHER, 'xyzzy')).text).toContain('/overseer flags');
    expect((await command(bot, ADMIN, 'flags originate sideways')).text).toContain(
      'Say `on` or `off` after `originate`',
    );
    t.world.slack.assertNoUnexpected();
  }, 40_000);

  it('flags originate off: refused for a non-admin, asks an admin to confirm, then a regression opens no fix task', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(
      t.world.env({ OVERSEER_ORIGINATE_ENABLED: 'true', OVERSEER_APPROVERS: LEAD, OVERSEER_ADMINS: ADMIN }),
    );
    await firstRead();

    expect((await command(bot, OTHER, 'flags originate off confirm')).text).toBe(
      `Only Overseer's admins may change feature flags: <@${ADMIN}>. Nothing changed.`,
    );
    expect((await command(bot, ADMIN, 'flags originate off')).text).toContain(
      'To do it, send `/overseer flags originate off confirm`. Nothing changed.',
    );
    expect((await command(bot, OTHER, 'flags')).text).toContain(
      '`selfHeal.originate` (propose held fix tasks on a regression): *on*',
    );

    const off = await command(bot, ADMIN, 'flags originate off confirm');
    expect(off.text).toBe(
      '`selfHeal.originate` is now *off*. From the next regression no fix task is proposed; tasks already open go on as before.',
    );
    expect((await command(bot, OTHER, 'flags')).text).toMatch(
      new RegExp(
        `\`selfHeal\\.originate\` .*: \\*off\\*, set off from Slack by <@${ADMIN}> under a minute ago; configured on`,
      ),
    );

    t.world.push('Break the parser', 'failure');
    const root = await t.world.slack.waitFor((slack) => slack.messages(CHANNEL)[0], 8_000);
    // Two more cycles (every 2 s) read CI after the post: the incident is posted, no fix task is
    // proposed, by the cycle that posted or those after it.
    const reads = () => t.world.github.requests.filter((r) => r.path.endsWith('/runs')).length;
    const seen = reads();
    await t.world.github.waitFor(() => reads() >= seen + 2, 15_000);
    const thread = t.world.slack.thread(CHANNEL, root.ts);
    expect(thread.some((message) => findButton(message.blocks, 'overseer_task_approve'))).toBe(false);
    expect(thread.map(visibleText).join('\n')).not.toContain('Fix task');
  }, 40_000);

  it('flags enabled off confirm: from the next cycle CI is not read, so a regression opens no incident', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env({ OVERSEER_ADMINS: ADMIN }));
    await firstRead();
    expect((await command(bot, ADMIN, 'flags enabled off confirm')).text).toMatch(
      /^`selfHeal\.enabled` is now \*off\*\. From the next check cycle no replica reads CI/,
    );
    expect((await command(bot, OTHER, 'status')).text).toContain(
      '`selfHeal.enabled` is turned off from Slack',
    );
    expect((await command(bot, OTHER, 'check')).text).toContain(
      '`selfHeal.enabled` is turned off from Slack',
    );
    t.world.push('Break the parser', 'failure');
    await sleep(5_000);
    expect(t.world.slack.messages(CHANNEL)).toEqual([]);

    await command(bot, ADMIN, 'flags enabled on');
    await t.world.slack.waitFor((slack) => slack.messages(CHANNEL)[0], 8_000);
  }, 40_000);

  it('app_home_opened publishes a dashboard naming each watch; an admin gets toggles, off with a confirm dialog', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env({ OVERSEER_ADMINS: ADMIN }));
    await firstRead();
    await deliver(bot, {
      type: 'app_home_opened',
      user: OTHER,
      channel: 'D0BOB',
      tab: 'home',
      event_ts: '1.1',
    });
    await deliver(bot, {
      type: 'app_home_opened',
      user: ADMIN,
      channel: 'D0ALICE',
      tab: 'home',
      event_ts: '1.2',
    });
    const [forOther, forAdmin] = await t.world.slack.waitFor((slack) => {
      const views = [slack.homeView(OTHER), slack.homeView(ADMIN)];
      return views.every(Boolean) && views;
    });
    const text = (view: unknown) => JSON.stringify(view);
    expect(text(forOther)).toContain('*acme/widgets* ci.yml on main');
    expect(text(forOther)).toContain('Feature flags');
    expect(text(forOther)).not.toContain('overseer_flag_set');
    type Toggle = { action_id?: string; text?: { text?: string }; confirm?: { title?: { text?: string } } };
    const blocks = (forAdmin as { blocks: { accessory?: Toggle }[] }).blocks;
    const toggle = blocks
      .map((block) => block.accessory)
      .find((button) => button?.action_id === 'overseer_flag_set');
    expect(toggle?.text?.text).toBe('Turn off');
    expect(toggle?.confirm?.title?.text).toBe('Turn enabled off?');
  }, 30_000);

  it('a direct message "status" is answered in the DM; the bot’s own messages and edits are not', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env());
    await firstRead();
    const dm = 'D0ALICE';
    const asked = t.world.slack.addMessage(dm, { user: ADMIN, text: 'status' });
    await deliver(bot, {
      type: 'message',
      channel: dm,
      channel_type: 'im',
      user: ADMIN,
      text: 'status',
      ts: asked,
      event_ts: asked,
    });
    const reply = await t.world.slack.waitFor((slack) =>
      slack.callsTo('chat.postMessage').find((c) => c.params.channel === dm),
    );
    expect(String(reply.params.text)).toContain('acme/widgets');

    await deliver(bot, {
      type: 'message',
      subtype: 'message_changed',
      channel: dm,
      channel_type: 'im',
      hidden: true,
      ts: '2.2',
      event_ts: '2.2',
      message: { user: ADMIN, text: 'status!' },
    });
    await deliver(bot, {
      type: 'message',
      channel: dm,
      channel_type: 'im',
      user: BOT_USER_ID,
      bot_id: 'B0OVERSEER',
      text: 'status',
      ts: '3.3',
      event_ts: '3.3',
    });
    await deliver(bot, {
      type: 'message',
      channel: dm,
      channel_type: 'im',
      user: ADMIN,
      text: 'tell me a joke',
      ts: '4.4',
      event_ts: '4.4',
    });
    const pointer = await t.world.slack.waitFor((slack) => {
      const replies = slack.callsTo('chat.postMessage').filter((c) => c.params.channel === dm);
      return replies.length > 1 && replies;
    });
    await sleep(500);
    const replies = t.world.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === dm);
    expect(replies).toHaveLength(2);
    expect(String(pointer[1]?.params.text)).toContain('`/overseer help` lists every command');
  }, 30_000);
});
