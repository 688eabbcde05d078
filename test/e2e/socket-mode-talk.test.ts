import { describe, expect, it } from 'vitest';
import { BOT_USER_ID, TEAM_ID } from '../support/fake-slack.js';
import { CHANNEL, perTestWorld, socketModeEnv, visibleText } from '../support/scenario.js';
import { slashCommandPayload } from '../support/slack-payloads.js';

const APP_TOKEN = 'xapp-1-A0OVERSEER-talk';

describe('Socket Mode: the newer subcommands and a question in an incident thread', () => {
  const t = perTestWorld({ socketMode: true, appToken: APP_TOKEN });
  let triggers = 0;

  const ask = async (text: string) => {
    triggers += 1;
    const payload = slashCommandPayload({
      text,
      user: 'U0ALICE',
      responseUrl: t.world.slack.responseUrl(),
      triggerId: `4321.8765.trigger${triggers}`,
    });
    // Slack wants the ack within 3 s: it and the answer come while GitHub and Slack's message
    // writes are held unanswered, so neither waits on them.
    const holds = [
      t.world.github.hold({}),
      t.world.slack.hold(['chat.postMessage', 'chat.update', 'chat.postEphemeral']),
    ];
    try {
      const envelope = t.world.slack.socketMode.deliver('slash_commands', payload);
      const ack = await t.world.slack.socketMode.waitForAck(envelope.envelope_id, 15_000);
      // Answered in the ack's payload, or on the response_url.
      const inAck = ack.payload?.text;
      if (typeof inAck === 'string') return inAck;
      const answer = await t.world.slack.waitFor((slack) =>
        slack.responses.find((response) => response.url === payload.response_url),
      );
      expect(answer.body.response_type).toBe('ephemeral');
      return String(answer.body.text);
    } finally {
      for (const hold of holds) hold.release();
    }
  };

  it('incidents, history and oncall answer over the WebSocket; "status" in the incident thread is about that incident', async () => {
    t.world.push('Add widgets', 'success');
    await t.bot({ ...socketModeEnv(t.world, APP_TOKEN), OVERSEER_ONCALL: 'U0ONCALL' });
    await t.world.slack.socketMode.waitForConnection(1);
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );
    t.world.push('Break the parser', 'failure');
    const root = await t.world.slack.waitFor((slack) => slack.messages(CHANNEL)[0], 8_000);

    expect(await ask('incidents')).toContain('*Open incidents* (1)');
    expect(await ask('history')).toMatch(
      /• :red_circle: \*acme\/widgets\* ci\.yml on main #1 opened .+ UTC, still red: .+ so far · not acknowledged/,
    );
    expect(await ask('oncall')).toContain('On call now: <@U0ONCALL>.');

    const said = `<@${BOT_USER_ID}> status`;
    const ts = t.world.slack.addMessage(CHANNEL, { user: 'U0ALICE', text: said, thread_ts: root.ts });
    const envelope = t.world.slack.socketMode.deliver('events_api', {
      token: 'deprecated-verification-token',
      team_id: TEAM_ID,
      api_app_id: 'A0OVERSEER',
      type: 'event_callback',
      event_id: 'Ev0SOCKETTHREAD',
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
      event: {
        type: 'app_mention',
        user: 'U0ALICE',
        text: said,
        ts,
        thread_ts: root.ts,
        channel: CHANNEL,
        event_ts: ts,
      },
    });
    await t.world.slack.socketMode.waitForAck(envelope.envelope_id);
    const answer = await t.world.slack.waitFor((slack) =>
      slack
        .thread(CHANNEL, root.ts)
        .find((message) => message.user === BOT_USER_ID && Number(message.ts) > Number(ts)),
    );
    expect(visibleText(answer)).toContain('Incident `acme/widgets:ci.yml:main#1`: red for');
    expect(t.world.slack.socketMode.unexpected).toEqual([]);
  }, 45_000);
});
