import { describe, expect, it } from 'vitest';
import { BOT_USER_ID, TEAM_ID } from '../support/fake-slack.js';
import { CHANNEL, perTestWorld, SIGNING_SECRET, visibleText } from '../support/scenario.js';
import { postSignedSlackEvent, postSignedSlackForm } from '../support/sign.js';
import { eventCallback } from '../support/slack-payloads.js';
import type { Bot } from '../support/start-bot.js';

/**
 * Talking in an incident's thread, end to end: the built bot, signed Events API deliveries shaped
 * as Slack documents them (https://api.slack.com/events/app_mention, /events/message), the fake
 * Slack and GitHub.
 */
describe('an incident thread, end to end', () => {
  const t = perTestWorld();
  let sent = 0;

  const deliver = async (bot: Bot, event: Record<string, unknown>) => {
    sent += 1;
    const payload = eventCallback(`EvThread${sent}`, event);
    expect((await postSignedSlackEvent(bot.url, SIGNING_SECRET, payload)).status).toBe(200);
  };

  /** `@Overseer <text>` from `user`, replied in the thread of `threadTs` (the fake keeps it too). */
  const mentionInThread = async (bot: Bot, threadTs: string, user: string, text: string) => {
    const said = `<@${BOT_USER_ID}> ${text}`;
    const ts = t.world.slack.addMessage(CHANNEL, { user, text: said, thread_ts: threadTs });
    await deliver(bot, {
      type: 'app_mention',
      user,
      text: said,
      ts,
      thread_ts: threadTs,
      channel: CHANNEL,
      event_ts: ts,
    });
    return ts;
  };

  /** The `message.channels` event of a person's message (a thread reply when `threadTs` is given). */
  const channelMessage = async (bot: Bot, user: string, text: string, threadTs?: string) => {
    const ts = t.world.slack.addMessage(CHANNEL, {
      user,
      text,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    await deliver(bot, {
      type: 'message',
      channel: CHANNEL,
      user,
      text,
      ts,
      ...(threadTs ? { thread_ts: threadTs, parent_user_id: BOT_USER_ID } : {}),
      event_ts: ts,
      channel_type: 'channel',
    });
    return ts;
  };

  const history = async (bot: Bot): Promise<string> => {
    const responseUrl = t.world.slack.responseUrl();
    sent += 1;
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: TEAM_ID,
      channel_id: CHANNEL,
      user_id: 'U0CAROL',
      command: '/overseer',
      text: 'history',
      api_app_id: 'A0OVERSEER',
      response_url: responseUrl,
      trigger_id: `9012.${sent}.abcdef`,
    }).toString();
    expect((await postSignedSlackForm(bot.url, SIGNING_SECRET, body)).status).toBe(200);
    const reply = await t.world.slack.waitFor((slack) => slack.responses.find((r) => r.url === responseUrl));
    return String(reply.body.text);
  };

  const redIncident = async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env());
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );
    t.world.push('Break the parser', 'failure');
    const root = await t.world.slack.waitFor((slack) => slack.messages(CHANNEL)[0], 8_000);
    return { bot, root };
  };

  const answersIn = (threadTs: string, after: string) =>
    t.world.slack.waitFor((slack) => {
      const answers = slack
        .thread(CHANNEL, threadTs)
        .filter((m) => m.user === BOT_USER_ID && Number(m.ts) > Number(after));
      return answers.length > 0 && answers;
    });

  it('"what are you working on?" in the thread answers with that incident; "ack" acknowledges it', async () => {
    const { bot, root } = await redIncident();

    const asked = await mentionInThread(bot, root.ts, 'U0ALICE', 'what are you working on?');
    const [state] = await answersIn(root.ts, asked);
    const text = visibleText(state);
    expect(text).toMatch(
      /Incident `acme\/widgets:ci\.yml:main#1`: red for .+, nobody has acknowledged it yet/,
    );
    expect(text).toContain('Failing at');
    expect(text).toContain('No fix task was proposed for it.');
    expect(text).toContain('Overseer opened the incident');

    const why = await mentionInThread(bot, root.ts, 'U0ALICE', 'why is CI red?');
    expect(visibleText((await answersIn(root.ts, why))[0])).toContain('*Failing jobs*');

    const ack = await mentionInThread(bot, root.ts, 'U0BOB', 'ack');
    const [note] = await answersIn(root.ts, ack);
    expect(visibleText(note)).toBe('<@U0BOB> acknowledged this incident.');
    const updated = await t.world.slack.waitFor((slack) => {
      const message = slack.messages(CHANNEL)[0];
      return visibleText(message).includes('Acknowledged by <@U0BOB>') && message;
    });
    expect(JSON.stringify(updated.blocks)).not.toContain('overseer_ack');

    // Asked again, it says so rather than acknowledging twice.
    const again = await mentionInThread(bot, root.ts, 'U0ALICE', 'ack');
    expect(visibleText((await answersIn(root.ts, again))[0])).toBe('This incident was already acknowledged.');
  }, 40_000);

  it('a person’s reply in the incident thread lands in /overseer history; other messages are not stored', async () => {
    const { bot, root } = await redIncident();
    const elsewhere = t.world.slack.addMessage(CHANNEL, { user: 'U0ALICE', text: 'lunch?' });
    await channelMessage(bot, 'U0ALICE', 'top-level chatter');
    await channelMessage(bot, 'U0ALICE', 'a reply in another thread', elsewhere);
    await channelMessage(bot, 'U0BOB', 'I pushed a revert <!channel>', root.ts);

    let text = '';
    for (let tries = 0; tries < 20 && !text.includes('in the thread'); tries += 1) {
      text = await history(bot);
      if (!text.includes('in the thread')) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(text).toContain('· 1 reply in the thread; last by <@U0BOB>');
    // The other two were delivered first; give any late handling time, then look again.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await history(bot)).toContain('· 1 reply in the thread; last by <@U0BOB>');
    // Nothing is answered in the channel for plain messages.
    expect(t.world.slack.thread(CHANNEL, elsewhere).filter((m) => m.user === BOT_USER_ID)).toEqual([]);
  }, 40_000);

  it('the Home tab of someone who opened it is republished when an incident opens', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env());
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );
    await deliver(bot, {
      type: 'app_home_opened',
      user: 'U0CAROL',
      channel: 'D0CAROL',
      tab: 'home',
      event_ts: '1.1',
    });
    const first = await t.world.slack.waitFor((slack) => slack.homeView('U0CAROL'));
    expect(JSON.stringify(first)).not.toContain(':red_circle:');

    t.world.push('Break the parser', 'failure');
    await t.world.slack.waitFor((slack) => slack.messages(CHANNEL)[0], 8_000);
    // Within a tick or two (10 s each) of the change, without the tab being opened again.
    const fresh = await t.world.slack.waitFor((slack) => {
      const view = JSON.stringify(slack.homeView('U0CAROL'));
      return view.includes(':red_circle:') && view;
    }, 25_000);
    expect(fresh).toContain('*acme/widgets* ci.yml on main');
    expect(
      t.world.slack.callsTo('views.publish').filter((call) => call.params.user_id === 'U0CAROL'),
    ).toHaveLength(2);
  }, 40_000);
});
