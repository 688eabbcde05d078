import { describe, expect, it } from 'vitest';
import type { Envelope } from '../support/fake-socket-mode.js';
import { BOB, CHANNEL, perTestWorld, socketModeEnv, visibleText } from '../support/scenario.js';
import {
  buttonClickPayload,
  findButton,
  mentionPayload,
  slashCommandPayload,
} from '../support/slack-payloads.js';

const APP_TOKEN = 'xapp-1-A0OVERSEER-test';
const ALICE_ID = 'U0ALICE';
const BOB_ID = 'U0BOB';
/** The bot's Socket Mode client waits 5 s (its ping timeout) before it reconnects. */
const RECONNECT_MS = 15_000;

describe('Socket Mode, end to end over a WebSocket', () => {
  const t = perTestWorld({ socketMode: true, appToken: APP_TOKEN });
  let triggers = 0;

  const startBot = async () => {
    const bot = await t.bot(socketModeEnv(t.world, APP_TOKEN));
    await t.world.slack.socketMode.waitForConnection(1);
    return bot;
  };
  const firstCheckDone = () =>
    t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );
  /** `/overseer <text>` by `user`, as a `slash_commands` envelope; its response_url is fresh. */
  const slashCommand = (text: string, user = ALICE_ID) => {
    triggers += 1;
    const payload = slashCommandPayload({
      text,
      user,
      responseUrl: t.world.slack.responseUrl(),
      triggerId: `1234.5678.trigger${triggers}`,
    });
    return { payload, envelope: t.world.slack.socketMode.deliver('slash_commands', payload) };
  };
  const responsesTo = (url: string) => t.world.slack.responses.filter((r) => r.url === url);
  /** Waits for the answer posted to `url` and gives its text. */
  const answerAt = async (url: string) => {
    const [answer] = await t.world.slack.waitFor(() => responsesTo(url).length > 0 && responsesTo(url));
    expect(answer?.body.response_type).toBe('ephemeral');
    return String(answer?.body.text);
  };
  const expectAckedOnce = async (envelope: Envelope) => {
    await t.world.slack.socketMode.waitForAck(envelope.envelope_id);
    expect(t.world.slack.socketMode.acksFor(envelope.envelope_id)).toHaveLength(1);
  };

  it('/overseer status is acknowledged by envelope_id and answered once on the response_url, even when Slack sends it again', async () => {
    t.world.push('Add widgets', 'success');
    await startBot();
    await firstCheckDone();

    const { payload, envelope } = slashCommand('status');
    await expectAckedOnce(envelope);
    const text = await answerAt(payload.response_url);
    expect(text).toMatch(/acme\/widgets\*? ci\.yml on main: (green|no verdict yet)/);

    // Slack did not see the ack (say the connection failed under it) and sends the command again.
    const retry = t.world.slack.socketMode.redeliver(envelope);
    await expectAckedOnce(retry);
    // A later command is answered: by then the retry would have been answered too.
    const later = slashCommand('status');
    await answerAt(later.payload.response_url);
    expect(responsesTo(payload.response_url)).toHaveLength(1);
    expect(t.world.slack.socketMode.unexpected).toEqual([]);
    t.world.slack.assertNoUnexpected();
  }, 45_000);

  it('an Acknowledge click is acknowledged by envelope_id and acknowledges the incident once, even when Slack sends it again', async () => {
    t.world.push('Add widgets', 'success');
    await startBot();
    await firstCheckDone();
    t.world.push('Break the widget parser', 'failure', BOB);
    const incident = await t.world.slack.waitFor((slack) => slack.messages(CHANNEL)[0], 15_000);
    const click = (user: string, trigger: string) =>
      buttonClickPayload({
        message: incident,
        actionId: 'overseer_ack',
        label: 'Acknowledge',
        user,
        responseUrl: t.world.slack.responseUrl(),
        triggerId: trigger,
      });

    const envelope = t.world.slack.socketMode.deliver('interactive', click(ALICE_ID, '1234.5678.click1'));
    await expectAckedOnce(envelope);
    const updated = await t.world.slack.waitFor((slack) => {
      const message = slack.messages(CHANNEL)[0];
      return /acknowledged by/i.test(visibleText(message)) && message;
    });
    expect(updated.ts).toBe(incident.ts);
    expect(visibleText(updated)).toContain(`<@${ALICE_ID}>`);
    expect(findButton(updated.blocks, 'overseer_ack')).toBeUndefined();
    const notes = () =>
      t.world.slack
        .thread(CHANNEL, incident.ts)
        .filter((m) => /acknowledged this incident/.test(visibleText(m)));
    await t.world.slack.waitFor(() => notes().length > 0);

    // Slack sends Alice's click again; then Bob clicks the button he still sees.
    await expectAckedOnce(t.world.slack.socketMode.redeliver(envelope));
    const bobs = t.world.slack.socketMode.deliver('interactive', click(BOB_ID, '1234.5678.click2'));
    await expectAckedOnce(bobs);
    const [toBob] = await t.world.slack.waitFor(
      (slack) => slack.ephemerals().length > 0 && slack.ephemerals(),
    );
    expect(toBob).toMatchObject({ user: BOB_ID, text: 'This incident was already acknowledged.' });
    expect(t.world.slack.ephemerals()).toHaveLength(1);
    expect(notes()).toHaveLength(1);
    expect(t.world.slack.messages(CHANNEL)).toHaveLength(1);
    t.world.slack.assertNoUnexpected();
  }, 45_000);

  it('@Overseer status is acknowledged by envelope_id and answered once in the thread, even when Slack sends the event again', async () => {
    t.world.push('Add widgets', 'success');
    await startBot();
    await firstCheckDone();
    const mention = (eventId: string, user: string) => {
      const ts = t.world.slack.addMessage(CHANNEL, { user, text: 'status' });
      const payload = mentionPayload({ eventId, text: 'status', ts, user });
      return { ts, envelope: t.world.slack.socketMode.deliver('events_api', payload) };
    };
    const repliesTo = (ts: string) =>
      t.world.slack.callsTo('chat.postMessage').filter((call) => call.params.thread_ts === ts);

    const asked = mention('Ev0SOCKET1', ALICE_ID);
    await expectAckedOnce(asked.envelope);
    const [reply] = await t.world.slack.waitFor(() => repliesTo(asked.ts).length > 0 && repliesTo(asked.ts));
    expect(String(reply?.params.text)).toMatch(/acme\/widgets\*? ci\.yml on main: (green|no verdict yet)/);

    await expectAckedOnce(t.world.slack.socketMode.redeliver(asked.envelope, 'timeout'));
    const later = mention('Ev0SOCKET2', BOB_ID);
    await t.world.slack.waitFor(() => repliesTo(later.ts).length > 0);
    expect(repliesTo(asked.ts)).toHaveLength(1);
    t.world.slack.assertNoUnexpected();
  }, 45_000);

  it('after Slack asks for a refresh (disconnect, refresh_requested) the bot opens a new connection and answers on it', async () => {
    await startBot();
    const socket = t.world.slack.socketMode;
    socket.disconnect('refresh_requested');
    const second = await socket.waitForConnection(2, RECONNECT_MS);
    expect(socket.connections[0]).toMatchObject({ open: false, closeCode: 1000 });
    expect(t.world.slack.callsTo('apps.connections.open').filter((call) => call.ok)).toHaveLength(2);

    const { payload, envelope } = slashCommand('status');
    await expectAckedOnce(envelope);
    expect(socket.acksFor(envelope.envelope_id)[0]?.connection).toBe(second.id);
    expect(await answerAt(payload.response_url)).toContain('acme/widgets');
    expect(socket.unexpected).toEqual([]);
  }, 45_000);

  it('after the connection drops without a close frame the bot reconnects and answers on the new connection', async () => {
    await startBot();
    const socket = t.world.slack.socketMode;
    socket.drop();
    const second = await socket.waitForConnection(2, RECONNECT_MS);
    expect(socket.connections[0]).toMatchObject({ open: false, closeCode: 1006 });
    expect(t.world.slack.callsTo('apps.connections.open').filter((call) => call.ok)).toHaveLength(2);

    const { payload, envelope } = slashCommand('status');
    await expectAckedOnce(envelope);
    expect(socket.acksFor(envelope.envelope_id)[0]?.connection).toBe(second.id);
    expect(await answerAt(payload.response_url)).toContain('acme/widgets');
    expect(socket.unexpected).toEqual([]);
  }, 45_000);
});
