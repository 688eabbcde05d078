// Slack's Socket Mode, served on loopback. The protocol, as Slack documents it in "Using Socket Mode"
// (https://api.slack.com/apis/socket-mode, now https://docs.slack.dev/apis/events-api/using-socket-mode)
// and "Socket Mode implementation" (https://api.slack.com/apis/connections/socket-implement):
// - apps.connections.open answers a one-time WebSocket URL; on connect Slack sends
//   `{ type: 'hello', num_connections, debug_info, connection_info: { app_id } }`;
// - payloads come as envelopes `{ envelope_id, type: 'events_api' | 'slash_commands' | 'interactive',
//   payload, accepts_response_payload, retry_attempt, retry_reason }`, each acknowledged by the app
//   with `{ envelope_id, payload? }` (the payload only where accepts_response_payload is true);
// - an envelope not acknowledged in time is sent again with retry_attempt > 0 and a retry_reason;
// - `{ type: 'disconnect', reason: 'warning' | 'refresh_requested' | ... }` asks the app to open a new
//   connection (a `warning` comes ~10 s before Slack refreshes it); connections also just drop.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { pollUntil } from './http-fake-server.js';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled' | 'too_many_websockets';

export interface Envelope {
  readonly envelope_id: string;
  readonly type: EnvelopeType;
  readonly payload: Record<string, unknown>;
  readonly accepts_response_payload: boolean;
  readonly retry_attempt: number;
  readonly retry_reason: string;
}

export interface SocketAck {
  readonly envelopeId: string;
  /** The `payload` of the ack, when the app sent one. */
  readonly payload: Record<string, unknown> | undefined;
  /** Number (from 1) of the connection the ack came on. */
  readonly connection: number;
  readonly time: number;
}

export interface SocketConnection {
  /** 1 for the first connection, 2 for the next, … */
  readonly id: number;
  readonly ticket: string;
  open: boolean;
  /** The WebSocket close code once closed (1000 after a close handshake, 1006 when dropped). */
  closeCode?: number;
}

export interface FakeSocketModeOptions {
  /** The app ID named in `hello`; Slack's connection URL carries it too. */
  appId?: string;
  /** Slack retries an envelope not acknowledged within ~3 s; off unless set. At most 3 retries. */
  redeliverUnackedAfterMs?: number;
}

export interface FakeSocketMode {
  /** A fresh one-time `ws://127.0.0.1:PORT/link/?ticket=…&app_id=…`, as apps.connections.open answers. */
  issueUrl(): string;
  readonly connections: readonly SocketConnection[];
  /** Every envelope sent, redeliveries included, in order. */
  readonly delivered: readonly Envelope[];
  readonly acks: readonly SocketAck[];
  /** Client messages that are not acks of a delivered envelope, and refused connection attempts. */
  readonly unexpected: readonly string[];
  acksFor(envelopeId: string): SocketAck[];
  /** Waits until the `count`-th connection is open (and greeted with `hello`). */
  waitForConnection(count?: number, timeoutMs?: number): Promise<SocketConnection>;
  /** Sends an envelope on the newest open connection. */
  deliver(type: EnvelopeType, payload: Record<string, unknown>, acceptsResponsePayload?: boolean): Envelope;
  /** Sends `envelope`'s payload again, as Slack retries: a new envelope_id, retry_attempt + 1. */
  redeliver(envelope: Envelope, reason?: string): Envelope;
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<SocketAck>;
  /** Asks the client to reconnect (`type: 'disconnect'`); the connection stays open until it closes it. */
  disconnect(reason: DisconnectReason): void;
  /** Drops every open connection without a close frame, as a network failure would. */
  drop(): void;
  close(): Promise<void>;
}

const MAX_RETRIES = 3;

export async function startFakeSocketMode(options: FakeSocketModeOptions = {}): Promise<FakeSocketMode> {
  const appId = options.appId ?? 'A0OVERSEER';
  const tickets = new Set<string>();
  const connections: SocketConnection[] = [];
  const sockets = new Map<number, WebSocket>();
  const delivered: Envelope[] = [];
  const acks: SocketAck[] = [];
  const unexpected: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((_req, res) => res.writeHead(426).end());

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'ws://fake.invalid');
    const ticket = url.searchParams.get('ticket') ?? '';
    // A ticket opens one connection: reconnecting takes a new apps.connections.open.
    if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
      unexpected.push(`connection refused: ${req.url}`);
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, ticket));
  });

  const openSockets = () => connections.filter((c) => c.open);
  const send = (connection: SocketConnection, message: unknown) =>
    sockets.get(connection.id)?.send(JSON.stringify(message));

  function accept(ws: WebSocket, ticket: string) {
    const connection: SocketConnection = { id: connections.length + 1, ticket, open: true };
    connections.push(connection);
    sockets.set(connection.id, ws);
    ws.on('message', (data) => onMessage(connection, String(data)));
    ws.on('close', (code) => {
      connection.open = false;
      connection.closeCode = code;
      sockets.delete(connection.id);
    });
    send(connection, {
      type: 'hello',
      num_connections: openSockets().length,
      debug_info: { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18_060 },
      connection_info: { app_id: appId },
    });
  }

  function onMessage(connection: SocketConnection, text: string) {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      unexpected.push(text);
      return;
    }
    const envelopeId = message.envelope_id;
    if (typeof envelopeId !== 'string' || !delivered.some((e) => e.envelope_id === envelopeId)) {
      unexpected.push(text);
      return;
    }
    const payload =
      typeof message.payload === 'object' && message.payload !== null
        ? (message.payload as Record<string, unknown>)
        : undefined;
    acks.push({ envelopeId, payload, connection: connection.id, time: Date.now() });
  }

  function sendEnvelope(envelope: Envelope): Envelope {
    const connection = openSockets().at(-1);
    if (connection === undefined) throw new Error('fake Socket Mode: no open connection to deliver on');
    delivered.push(envelope);
    send(connection, envelope);
    if (options.redeliverUnackedAfterMs !== undefined && envelope.retry_attempt < MAX_RETRIES) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        const acked = acks.some((ack) => ack.envelopeId === envelope.envelope_id);
        if (!acked && openSockets().length > 0) fake.redeliver(envelope, 'timeout');
      }, options.redeliverUnackedAfterMs);
      timers.add(timer);
    }
    return envelope;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeSocketMode = {
    issueUrl: () => {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${appId}`;
    },
    connections,
    delivered,
    acks,
    unexpected,
    acksFor: (envelopeId) => acks.filter((ack) => ack.envelopeId === envelopeId),
    waitForConnection: (count = 1, timeoutMs = 10_000) =>
      pollUntil(
        () => connections[count - 1]?.open && connections[count - 1],
        timeoutMs,
        () => `connections so far: ${connections.length}, refused: ${unexpected.length}`,
      ),
    deliver: (type, payload, acceptsResponsePayload = type !== 'events_api') =>
      sendEnvelope({
        envelope_id: randomUUID(),
        type,
        payload,
        accepts_response_payload: acceptsResponsePayload,
        retry_attempt: 0,
        retry_reason: '',
      }),
    redeliver: (envelope, reason = 'timeout') =>
      sendEnvelope({
        ...envelope,
        envelope_id: randomUUID(),
        retry_attempt: envelope.retry_attempt + 1,
        retry_reason: reason,
      }),
    waitForAck: (envelopeId, timeoutMs = 5_000) =>
      pollUntil(
        () => acks.find((ack) => ack.envelopeId === envelopeId),
        timeoutMs,
        () => `acks so far: ${acks.map((ack) => ack.envelopeId).join(', ') || 'none'}`,
      ),
    disconnect: (reason) => {
      for (const connection of openSockets()) {
        send(connection, { type: 'disconnect', reason, debug_info: { host: 'applink-fake-1' } });
      }
    },
    drop: () => {
      for (const ws of sockets.values()) ws.terminate();
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const ws of sockets.values()) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
