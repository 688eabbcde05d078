import { describe, expect, it } from 'vitest';
import type { Envelope } from '../support/fake-socket-mode.js';
import { CHANNEL, perTestWorld, socketModeEnv } from '../support/scenario.js';
import { mentionPayload } from '../support/slack-payloads.js';

const APP_TOKEN = 'xapp-1-A0OVERSEER-test';
const ALICE_ID = 'U0ALICE';
/** The bot's Socket Mode client notices a dropped connection at its ping timeout, then reconnects. */
const RECONNECT_MS = 15_000;
const BURST = 10;

describe('Socket Mode under faults, end to end', () => {
  const t = perTestWorld({ socketMode: true, appToken: APP_TOKEN });

  /**
   * A bot connected in Socket Mode that has looked at GitHub once, and BURST `@Overseer status`
   * mentions ready to send (event IDs `Ev0<tag><n>`), with the bot's replies to each.
   */
  async function burstReady(tag: string) {
    t.world.push('Add widgets', 'success');
    await t.bot(socketModeEnv(t.world, APP_TOKEN));
    const { slack } = t.world;
    const socket = slack.socketMode;
    await socket.waitForConnection(1);
    await t.world.github.waitFor((g) => g.requests.some((r) => r.path.endsWith('/runs') && r.status === 200));
    const asked = Array.from({ length: BURST }, (_, i) => {
      const ts = slack.addMessage(CHANNEL, { user: ALICE_ID, text: 'status' });
      return {
        ts,
        payload: mentionPayload({ eventId: `Ev0${tag}${i}`, text: 'status', ts, user: ALICE_ID }),
      };
    });
    const repliesTo = (ts: string) =>
      slack.callsTo('chat.postMessage').filter((call) => call.params.thread_ts === ts && call.ok);
    return { slack, socket, asked, repliesTo };
  }

  it('a connection dropped in the middle of a burst: Slack redelivers on the new one, and every event is answered exactly once', async () => {
    const { slack, socket, asked, repliesTo } = await burstReady('BURST');

    // Half the burst goes out, then the connection drops under it (no close frame).
    const sent: Envelope[] = asked.slice(0, BURST / 2).map((a) => socket.deliver('events_api', a.payload));
    socket.drop();
    await socket.waitForConnection(2, RECONNECT_MS);
    // Slack sends again what it saw no ack for (acks may have been lost with the connection: all
    // of the first half are sent again), then the rest of the burst.
    for (const envelope of sent) socket.redeliver(envelope, 'timeout');
    for (const a of asked.slice(BURST / 2)) socket.deliver('events_api', a.payload);

    await slack.waitFor(() => asked.every((a) => repliesTo(a.ts).length > 0), 15_000);
    // Every envelope on the new connection was acknowledged, and a later event is answered, so any
    // second answer would have been posted by now.
    const onSecond = socket.delivered.slice(BURST / 2);
    await slack.waitFor(() => onSecond.every((e) => socket.acksFor(e.envelope_id).length > 0), 10_000);
    const lastTs = slack.addMessage(CHANNEL, { user: ALICE_ID, text: 'status' });
    socket.deliver(
      'events_api',
      mentionPayload({ eventId: 'Ev0BURSTLAST', text: 'status', ts: lastTs, user: ALICE_ID }),
    );
    await slack.waitFor(() => repliesTo(lastTs).length > 0, 10_000);
    for (const a of asked) expect(repliesTo(a.ts)).toHaveLength(1);
    expect(socket.unexpected).toEqual([]);
  }, 45_000);

  it('Slack refreshes the connection in the middle of a burst: events on the old connection and the new are each answered exactly once', async () => {
    const { slack, socket, asked, repliesTo } = await burstReady('REFRESH');

    // "Using Socket Mode": a `warning` disconnect comes about 10 s before Slack refreshes the
    // connection, then `refresh_requested`; the old connection stays open until the app closes it
    // and Slack may go on sending on it meanwhile.
    const first = asked.slice(0, 4).map((a) => socket.deliver('events_api', a.payload));
    socket.disconnect('warning');
    first.push(socket.deliver('events_api', asked[4]?.payload ?? {}));
    socket.disconnect('refresh_requested');
    first.push(socket.deliver('events_api', asked[5]?.payload ?? {}));
    const second = await socket.waitForConnection(2, RECONNECT_MS);
    // What the old connection carried is sent again on the new one: an ack crossing the switch
    // can be lost, and Slack retries whatever it saw no ack for.
    for (const envelope of first) socket.redeliver(envelope, 'timeout');
    const rest = asked.slice(6).map((a) => socket.deliver('events_api', a.payload));

    await slack.waitFor(() => asked.every((a) => repliesTo(a.ts).length > 0), 15_000);
    await slack.waitFor(() => rest.every((e) => socket.acksFor(e.envelope_id).length > 0), 10_000);
    expect(rest.every((e) => socket.acksFor(e.envelope_id)[0]?.connection === second.id)).toBe(true);
    // A later event is answered, so any second answer to the burst would have been posted by now.
    const lastTs = slack.addMessage(CHANNEL, { user: ALICE_ID, text: 'status' });
    socket.deliver(
      'events_api',
      mentionPayload({ eventId: 'Ev0REFRESHLAST', text: 'status', ts: lastTs, user: ALICE_ID }),
    );
    await slack.waitFor(() => repliesTo(lastTs).length > 0, 10_000);
    for (const a of asked) expect(repliesTo(a.ts)).toHaveLength(1);
    expect(socket.unexpected).toEqual([]);
  }, 45_000);
});
