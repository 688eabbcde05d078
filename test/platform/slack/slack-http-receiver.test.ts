import { isAscii } from 'node:buffer';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'node:querystring';
import { App } from '@slack/bolt';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIngress } from '../../../src/platform/http/create-ingress.js';
import { createHttpServer } from '../../../src/platform/http/create-server.js';
import { slackEventsRoute } from '../../../src/platform/http/slack-events-route.js';
import { createSlackHttpReceiver, payloadAlone } from '../../../src/platform/slack/slack-http-receiver.js';
import { slackLogger } from '../../../src/platform/slack/slack-logger.js';
import { signSlackRequest } from '../../support/sign.js';

const SECRET = 'receiver-signing-secret';
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const FORM = 'application/x-www-form-urlencoded';

/** Slack's requests as documented: https://docs.slack.dev/authentication/verifying-requests-from-slack */
describe('the lean Slack receiver behind the ingress', () => {
  let server: Server;
  let url: string;
  let retries: Array<number | undefined>;

  /** The `/slow` listener: reached, then held until released, then acked. */
  let slow: { started: Promise<void>; reached: () => void; released: Promise<void>; release: () => void };
  let slowDone: Promise<void>;
  let slowAcked: () => void;

  beforeEach(async () => {
    retries = [];
    let reached = () => {};
    let release = () => {};
    const started = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    slow = { started, reached: () => reached(), released, release: () => release() };
    slowDone = new Promise<void>((resolve) => {
      slowAcked = resolve;
    });
    const logger = slackLogger(pino({ level: 'silent' }));
    const receiver = createSlackHttpReceiver({ signingSecret: SECRET, logger });
    const app = new App({
      token: 'xoxb-test',
      botId: 'B0OVERSEER',
      botUserId: 'U0OVERSEER',
      tokenVerificationEnabled: false,
      receiver,
      logger,
    });
    app.command('/overseer', async ({ ack, context }) => {
      retries.push(context.retryNum);
      await ack({ response_type: 'ephemeral', text: 'help' });
    });
    // Answers that cannot change (frozen, flat) and one that does, from one shared object.
    const constant = Object.freeze({ response_type: 'ephemeral', text: 'always • the same' } as const);
    const changing = { response_type: 'ephemeral' as const, text: '' };
    app.command('/constant', async ({ ack }) => {
      await ack(constant);
    });
    app.command('/changing', async ({ ack, command }) => {
      changing.text = `asked • ${command.trigger_id}`;
      await ack(changing);
    });
    app.command('/broken', async () => {
      throw new Error('listener failed');
    });
    // Acks only when the test lets it, after saying it was reached.
    app.command('/slow', async ({ ack }) => {
      slow.reached();
      await slow.released;
      await ack({ response_type: 'ephemeral', text: 'late' });
      slowAcked();
    });
    const ingress = createIngress({
      maxBodyBytes: 1024 * 1024,
      maxInFlight: 8,
      bodyTimeoutMs: 5_000,
      retryAfterSeconds: 5,
    });
    server = createHttpServer(
      { 'POST /slack/events': slackEventsRoute(receiver.requestListener, ingress) },
      silent,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const post = async (body: string, headers: Record<string, string>) => {
    const response = await fetch(url, { method: 'POST', headers, body });
    return { status: response.status, body: await response.text() };
  };
  const command = (name: string) =>
    new URLSearchParams({
      command: name,
      text: 'help',
      user_id: 'U0ALICE',
      team_id: 'T0ACME',
      trigger_id: `t.${name}`,
    }).toString();

  it("answers a signed command with its listener's ack, and passes Slack's retry number on", async () => {
    const body = command('/overseer');
    expect(await post(body, { 'content-type': FORM, ...signSlackRequest(SECRET, body) })).toEqual({
      status: 200,
      body: JSON.stringify({ response_type: 'ephemeral', text: 'help' }),
    });
    await post(body, { 'content-type': FORM, ...signSlackRequest(SECRET, body), 'x-slack-retry-num': '2' });
    expect(retries).toEqual([undefined, 2]);
  });

  it('refuses a forged, a stale and a timestamp-less request 401 with an empty body, reaching no listener', async () => {
    const body = command('/overseer');
    const forged = signSlackRequest('not-the-secret', body);
    const stale = signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000) - 600);
    const { 'x-slack-signature': signature } = signSlackRequest(SECRET, body);
    expect(await post(body, { 'content-type': FORM, ...forged })).toEqual({ status: 401, body: '' });
    expect(await post(body, { 'content-type': FORM, ...stale })).toEqual({ status: 401, body: '' });
    expect(
      await post(body, {
        'content-type': FORM,
        'x-slack-signature': signature,
        'x-slack-request-timestamp': 'soon',
      }),
    ).toEqual({ status: 401, body: '' });
    expect(retries).toEqual([]);
  });

  it("answers Slack's URL verification and SSL check, and a signed body that is not JSON 400", async () => {
    const challenge = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-123' });
    expect(
      await post(challenge, { 'content-type': 'application/json', ...signSlackRequest(SECRET, challenge) }),
    ).toEqual({ status: 200, body: JSON.stringify({ challenge: 'c-123' }) });
    const ssl = 'ssl_check=1&token=x';
    expect(await post(ssl, { 'content-type': FORM, ...signSlackRequest(SECRET, ssl) })).toEqual({
      status: 200,
      body: '',
    });
    const garbled = '{not json';
    expect(
      await post(garbled, { 'content-type': 'application/json', ...signSlackRequest(SECRET, garbled) }),
    ).toEqual({
      status: 400,
      body: '',
    });
  });

  it('answers a frozen answer with the same JSON every time, and a changed object as it is now', async () => {
    const signed = (name: string, triggerId: string) => {
      const body = new URLSearchParams({ ...parse(command(name)), trigger_id: triggerId }).toString();
      return post(body, { 'content-type': FORM, ...signSlackRequest(SECRET, body) });
    };
    const constant = JSON.stringify({ response_type: 'ephemeral', text: 'always • the same' });
    expect(await signed('/constant', 't.1')).toEqual({ status: 200, body: constant });
    expect(await signed('/constant', 't.2')).toEqual({ status: 200, body: constant });
    for (const triggerId of ['t.3', 't.4'])
      expect(await signed('/changing', triggerId)).toEqual({
        status: 200,
        body: JSON.stringify({ response_type: 'ephemeral', text: `asked • ${triggerId}` }),
      });
  });

  it('reads an interaction (payload=<JSON> alone) as querystring.parse does, whatever its escapes', () => {
    // Slack sends an interaction as one form field, payload, holding its JSON
    // (https://docs.slack.dev/interactivity/handling-user-interaction#payloads); the fast path
    // must give querystring's string for any such form, and leave every other form to it.
    const escaped = fc.oneof(
      fc.string({ unit: 'grapheme' }).map((text) => new URLSearchParams({ payload: text }).toString()),
      fc.string({ unit: 'grapheme' }).map((text) => `payload=${encodeURIComponent(text)}`),
      fc
        .array(
          fc.constantFrom('a', '+', '%', '%2', '%41', '%E2%80%A2', '%E2%80', '%zz', '=', '&', 'payload='),
        )
        .map((parts) => `payload=${parts.join('')}`),
      fc.string().map((text) => `payload=${text}`),
      fc.string({ unit: 'binary' }).map((text) => `payload=${text}`),
      fc.string(),
    );
    fc.assert(
      fc.property(escaped, (raw) => {
        const fast = payloadAlone(Buffer.from(raw));
        if (fast !== undefined) expect(fast).toBe(parse(raw).payload);
        // Left to querystring: any other form, and a body that is not ASCII (Slack escapes it all).
        else
          expect(raw.startsWith('payload=') && !raw.includes('&') && isAscii(Buffer.from(raw))).toBe(false);
      }),
      { numRuns: 2_000 },
    );
    const click = new URLSearchParams({
      payload: JSON.stringify({ type: 'block_actions', text: 'a • b+c' }),
    });
    expect(payloadAlone(Buffer.from(click.toString()))).toBe(
      JSON.stringify({ type: 'block_actions', text: 'a • b+c' }),
    );
  });

  it("answers 404 when no listener acks within 3 s, as Bolt's HTTPReceiver does; a later ack writes nothing and does not throw", async () => {
    // The receiver's own timer only: the sockets' and fetch's timers stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const body = command('/slow');
      let status: number | undefined;
      const answered = post(body, { 'content-type': FORM, ...signSlackRequest(SECRET, body) }).then((r) => {
        status = r.status;
        return r;
      });
      await slow.started;
      await vi.advanceTimersByTimeAsync(3_000);
      expect(status).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(await answered).toEqual({ status: 404, body: '' });
      slow.release();
      await slowDone;
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers 500 when the listener fails before acking', async () => {
    const body = command('/broken');
    expect((await post(body, { 'content-type': FORM, ...signSlackRequest(SECRET, body) })).status).toBe(500);
  });
});
