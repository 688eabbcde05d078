import type { Logger } from '@slack/logger';
import { LogLevel } from '@slack/logger';
import { SocketModeClient } from '@slack/socket-mode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';

const APP_TOKEN = 'xapp-1-A0OVERSEER-test';

/** The client logs a dropped connection as an error; these tests make it drop on purpose. */
const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

interface Received {
  type: string;
  body: Record<string, unknown>;
  retryNum: number | undefined;
}

describe('fake Socket Mode through the real SocketModeClient', () => {
  let slack: FakeSlack;
  let client: SocketModeClient;
  let received: Received[];
  let frames: Array<Record<string, unknown>>;

  const start = async (opts: {
    ackSlashCommandsWith?: Record<string, unknown>;
    ackOnRetryOnly?: boolean;
  }) => {
    client = new SocketModeClient({
      appToken: APP_TOKEN,
      logger: quiet,
      // The client waits this long before reconnecting (times the failures in a row).
      clientPingTimeout: 500,
      clientOptions: { slackApiUrl: slack.url, retryConfig: { retries: 0 } },
    });
    client.on('ws_message', (data: unknown) => frames.push(JSON.parse(String(data))));
    client.on('slack_event', async ({ ack, type, body, retry_num }) => {
      received.push({ type, body, retryNum: retry_num });
      if (opts.ackOnRetryOnly && !retry_num) return;
      await ack(type === 'slash_commands' ? opts.ackSlashCommandsWith : undefined);
    });
    await client.start();
  };

  beforeEach(async () => {
    slack = await startFakeSlack({ appToken: APP_TOKEN, socketMode: { redeliverUnackedAfterMs: 300 } });
    received = [];
    frames = [];
  });

  afterEach(async () => {
    await client?.disconnect();
    await slack.close();
  });

  it('greets a connection opened with apps.connections.open, and records each ack by envelope_id', async () => {
    // start() resolves once the client has read `hello`.
    await start({ ackSlashCommandsWith: { response_type: 'ephemeral', text: 'on it' } });
    expect(frames[0]).toEqual({
      type: 'hello',
      num_connections: 1,
      debug_info: expect.objectContaining({ host: expect.any(String) }),
      connection_info: { app_id: 'A0OVERSEER' },
    });
    const open = slack.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe(APP_TOKEN);
    const socket = slack.socketMode;
    expect((await socket.waitForConnection(1)).id).toBe(1);

    const event = socket.deliver('events_api', {
      type: 'event_callback',
      event_id: 'Ev01',
      event: { type: 'app_mention', text: 'hi' },
    });
    const command = socket.deliver('slash_commands', { command: '/overseer', text: 'status' });
    const click = socket.deliver('interactive', { type: 'block_actions', trigger_id: '1.2.abc' });

    expect((await socket.waitForAck(event.envelope_id)).payload).toEqual({});
    expect((await socket.waitForAck(command.envelope_id)).payload).toEqual({
      response_type: 'ephemeral',
      text: 'on it',
    });
    expect((await socket.waitForAck(click.envelope_id)).connection).toBe(1);
    expect(event.accepts_response_payload).toBe(false);
    expect(command.accepts_response_payload).toBe(true);
    expect(received.map((r) => [r.type, r.retryNum])).toEqual([
      ['events_api', 0],
      ['slash_commands', 0],
      ['interactive', 0],
    ]);
    expect(received[0]?.body).toMatchObject({ event_id: 'Ev01' });
    expect(socket.acks).toHaveLength(3);
    expect(socket.unexpected).toEqual([]);
  });

  it('sends an envelope that was not acknowledged again with a new envelope_id and retry_attempt 1', async () => {
    await start({ ackOnRetryOnly: true });
    const socket = slack.socketMode;
    const first = socket.deliver('events_api', {
      type: 'event_callback',
      event_id: 'Ev02',
      event: { type: 'app_mention', text: 'hi' },
    });
    const retry = await slack.waitFor(() => socket.delivered.find((e) => e.retry_attempt === 1), 5_000);
    expect(retry.envelope_id).not.toBe(first.envelope_id);
    expect(retry.retry_reason).toBe('timeout');
    expect(retry.payload).toEqual(first.payload);
    await socket.waitForAck(retry.envelope_id);
    expect(socket.acksFor(first.envelope_id)).toEqual([]);
    expect(received.map((r) => r.retryNum)).toEqual([0, 1]);
  });

  for (const reason of ['refresh_requested', 'warning'] as const) {
    it(`a disconnect (${reason}) makes the client close the connection and open a new one`, async () => {
      await start({});
      const socket = slack.socketMode;
      const first = await socket.waitForConnection(1);
      socket.disconnect(reason);
      const second = await socket.waitForConnection(2, 5_000);
      expect(first.open).toBe(false);
      expect(first.closeCode).toBe(1000);
      expect(second.ticket).not.toBe(first.ticket);
      expect(slack.callsTo('apps.connections.open')).toHaveLength(2);
      const command = socket.deliver('slash_commands', { command: '/overseer', text: 'help' });
      expect((await socket.waitForAck(command.envelope_id)).connection).toBe(2);
    });
  }

  it('a dropped connection is reconnected with a new URL', async () => {
    await start({});
    const socket = slack.socketMode;
    const first = await socket.waitForConnection(1);
    socket.drop();
    await socket.waitForConnection(2, 5_000);
    expect(first.closeCode).toBe(1006);
    expect(slack.callsTo('apps.connections.open')).toHaveLength(2);
    expect(socket.unexpected).toEqual([]);
  });

  it('refuses a connection URL used a second time', async () => {
    await start({});
    const socket = slack.socketMode;
    const url = socket.issueUrl();
    const once = new WebSocket(url);
    await new Promise((resolve) => once.addEventListener('open', resolve));
    once.close();
    const twice = new WebSocket(url);
    const outcome = await new Promise((resolve) => {
      twice.addEventListener('open', () => resolve('open'));
      twice.addEventListener('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
    expect(socket.unexpected).toEqual([expect.stringMatching(/^connection refused: \/link\//)]);
  });
});
