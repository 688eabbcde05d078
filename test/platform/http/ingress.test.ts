import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTPReceiver } from '@slack/bolt';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import {
  createIngress,
  type IngressLimits,
  type RefusalReason,
} from '../../../src/platform/http/create-ingress.js';
import { createHttpServer } from '../../../src/platform/http/create-server.js';
import { createWebhookHandler } from '../../../src/platform/http/github-webhook.js';
import { slackEventsRoute } from '../../../src/platform/http/slack-events-route.js';
import { slackLogger } from '../../../src/platform/slack/slack-logger.js';
import { createStore } from '../../../src/platform/store/create-store.js';
import { postGitHubWebhook } from '../../support/deliver-webhook.js';
import { type RawReply, rawRequest } from '../../support/raw-request.js';
import { REPO, SIGNING_SECRET, WEBHOOK_SECRET } from '../../support/scenario.js';
import { signGitHubWebhook, signSlackRequest } from '../../support/sign.js';
import { pingEvent } from '../../support/webhook-payloads.js';

const MB = 1024 * 1024;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Signs `size` bytes of `a`, the body rawRequest sends. */
const signedFiller = (size: number) => signGitHubWebhook(WEBHOOK_SECRET, 'a'.repeat(size));

describe('bounded ingress on the HTTP server: GitHub webhooks and Slack requests', () => {
  let server: Server;
  let store: Store;
  let dataDir: string;
  let port: number;
  let refusals: Array<[string, RefusalReason]>;
  let counted: Array<[string, string]>;
  /** Requests the server has started handling (their slot, if any, is taken by then). */
  let handled: number;

  const start = async (limits: Partial<IngressLimits> = {}) => {
    const ingress = createIngress(
      { maxBodyBytes: MB, maxInFlight: 16, bodyTimeoutMs: 10_000, retryAfterSeconds: 5, ...limits },
      (route, reason) => refusals.push([route, reason]),
    );
    const receiver = new HTTPReceiver({
      signingSecret: SIGNING_SECRET,
      endpoints: '/slack/events',
      logger: slackLogger(pino({ level: 'silent' })),
    });
    server = createHttpServer(
      {
        'POST /webhooks/github': createWebhookHandler({
          secret: WEBHOOK_SECRET,
          ingress,
          store,
          log: silent,
          sources: () => [],
          check: async () => true,
          track: () => {},
          count: (event, result) => counted.push([event, result]),
        }),
        'POST /slack/events': slackEventsRoute(receiver.requestListener, ingress),
      },
      silent,
    );
    server.on('request', () => {
      handled += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  const until = async (condition: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 10));
    if (!condition()) throw new Error(`timed out waiting for ${what}`);
  };
  const signedPing = async () => {
    const url = `http://127.0.0.1:${port}`;
    const response = await postGitHubWebhook(url, 'ping', JSON.stringify(pingEvent({ repo: REPO })));
    return { status: response.status, body: await response.json() };
  };
  const webhook = (headers: Record<string, string>, bodyBytes: number, more: { stopAfter?: number } = {}) =>
    rawRequest({
      port,
      path: '/webhooks/github',
      headers: { 'content-type': 'application/json', 'x-github-event': 'workflow_run', ...headers },
      bodyBytes,
      timeoutMs: 5_000,
      ...more,
    });
  const answer = (reply: RawReply) => ({
    status: reply.status,
    body: reply.body === '' ? '' : JSON.parse(reply.body),
    connection: reply.headers.connection,
    // 'timeout' would mean the server held the connection open waiting for the rest of the body.
    timedOut: reply.error === 'timeout',
  });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'overseer-ingress-'));
    store = await createStore({ kind: 'embedded', dataDir });
    refusals = [];
    counted = [];
    handled = 0;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a normal signed webhook is still read, verified and answered', async () => {
    await start();
    expect(await signedPing()).toEqual({ status: 200, body: { ok: true, ignored: true } });
    expect(refusals).toEqual([]);
    expect(counted).toEqual([['ping', 'ignored']]);
  });

  it('a webhook without X-Hub-Signature-256 is refused 401 before its body arrives, and the connection closed', async () => {
    await start();
    // 10 bytes of an announced 2 MB: the answer must not wait for the rest.
    const reply = await webhook({}, 2 * MB, { stopAfter: 10 });
    expect(answer(reply)).toEqual({
      status: 401,
      body: { error: 'signature missing' },
      connection: 'close',
      timedOut: false,
    });
    expect(refusals).toEqual([['github', 'unsigned']]);
    expect(counted).toEqual([['unknown', 'refused']]);
  });

  it('a signed webhook announcing 2 MB is refused 413 from its Content-Length, before its body arrives', async () => {
    await start();
    const reply = await webhook({ 'x-hub-signature-256': await signedFiller(2 * MB) }, 2 * MB, {
      stopAfter: 10,
    });
    expect(answer(reply)).toEqual({
      status: 413,
      body: { error: 'body too large' },
      connection: 'close',
      timedOut: false,
    });
    expect(refusals).toEqual([['github', 'too_large']]);
  });

  it('a signed 2 MB webhook sent in full is refused 413', async () => {
    await start();
    const reply = await webhook({ 'x-hub-signature-256': await signedFiller(2 * MB) }, 2 * MB);
    expect(answer(reply)).toMatchObject({ status: 413, body: { error: 'body too large' }, timedOut: false });
  });

  it('a signed 2 MB chunked webhook (no Content-Length) is cut off 413 once past 1 MB', async () => {
    await start();
    const reply = await rawRequest({
      port,
      path: '/webhooks/github',
      headers: { 'x-github-event': 'workflow_run', 'x-hub-signature-256': await signedFiller(2 * MB) },
      bodyBytes: 2 * MB,
      chunked: true,
      timeoutMs: 5_000,
    });
    expect(answer(reply)).toEqual({
      status: 413,
      body: { error: 'body too large' },
      connection: 'close',
      timedOut: false,
    });
    expect(refusals).toEqual([['github', 'too_large']]);
  });

  it('past the in-flight bound a request is turned away 503 with Retry-After, unread; slow bodies time out 408 and free their slots', async () => {
    await start({ maxInFlight: 2, bodyTimeoutMs: 1_000, retryAfterSeconds: 7 });
    const signature = await signedFiller(1_000);
    // Two signed bodies that stall after 10 of their 1000 bytes hold both slots.
    const slow = [
      webhook({ 'x-hub-signature-256': signature }, 1_000, { stopAfter: 10 }),
      webhook({ 'x-hub-signature-256': signature }, 1_000, { stopAfter: 10 }),
    ];
    await until(() => handled === 2, 'both slow requests to be handled');
    const busy = await webhook({ 'x-hub-signature-256': signature }, 1_000, { stopAfter: 10 });
    expect(answer(busy)).toEqual({
      status: 503,
      body: { error: 'busy' },
      connection: 'close',
      timedOut: false,
    });
    expect(busy.headers['retry-after']).toBe('7');

    for (const reply of await Promise.all(slow))
      expect(answer(reply)).toEqual({
        status: 408,
        body: { error: 'body too slow' },
        connection: 'close',
        timedOut: false,
      });
    expect(refusals).toEqual([
      ['github', 'busy'],
      ['github', 'timeout'],
      ['github', 'timeout'],
    ]);
    // Both slots are free again.
    expect(await signedPing()).toEqual({ status: 200, body: { ok: true, ignored: true } });
    expect(await signedPing()).toEqual({ status: 200, body: { ok: true, ignored: true } });
  });

  it('a body sent to an unknown route is answered 404 and the connection closed, not drained', async () => {
    await start();
    const reply = await rawRequest({
      port,
      path: '/nope',
      bodyBytes: 2 * MB,
      stopAfter: 10,
      timeoutMs: 5_000,
    });
    expect(answer(reply)).toEqual({
      status: 404,
      body: { error: 'not found' },
      connection: 'close',
      timedOut: false,
    });
  });

  describe('POST /slack/events (Bolt HTTPReceiver behind the ingress)', () => {
    const slack = async (body: string, headers: Record<string, string>) => {
      const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      return { status: response.status, body: await response.text() };
    };
    const challenge = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-123' });

    it('a signed request reaches Bolt with its bytes, and Bolt answers it', async () => {
      await start();
      const answered = await slack(challenge, { ...signSlackRequest(SIGNING_SECRET, challenge) });
      expect(answered).toEqual({ status: 200, body: JSON.stringify({ challenge: 'c-123' }) });
      expect(refusals).toEqual([]);
    });

    it('Bolt still verifies the signature over the bytes read for it', async () => {
      await start();
      const forged = signSlackRequest('not-the-signing-secret', challenge);
      expect(await slack(challenge, { ...forged })).toEqual({ status: 401, body: '' });
      const stale = signSlackRequest(SIGNING_SECRET, challenge, Math.floor(Date.now() / 1000) - 600);
      expect(await slack(challenge, { ...stale })).toEqual({ status: 401, body: '' });
      expect(refusals).toEqual([]);
    });

    it('a request without X-Slack-Request-Timestamp is refused 401 before its body arrives', async () => {
      await start();
      const { 'x-slack-signature': signature } = signSlackRequest(SIGNING_SECRET, 'a'.repeat(2 * MB));
      const reply = await rawRequest({
        port,
        path: '/slack/events',
        headers: { 'content-type': 'application/json', 'x-slack-signature': signature },
        bodyBytes: 2 * MB,
        stopAfter: 10,
        timeoutMs: 5_000,
      });
      expect(answer(reply)).toEqual({
        status: 401,
        body: { error: 'signature missing' },
        connection: 'close',
        timedOut: false,
      });
      expect(refusals).toEqual([['slack', 'unsigned']]);
    });

    it('a signed 2 MB request is refused 413 before Bolt sees it', async () => {
      await start();
      const reply = await rawRequest({
        port,
        path: '/slack/events',
        headers: {
          'content-type': 'application/json',
          ...signSlackRequest(SIGNING_SECRET, 'a'.repeat(2 * MB)),
        },
        bodyBytes: 2 * MB,
        chunked: true,
        timeoutMs: 5_000,
      });
      expect(answer(reply)).toEqual({
        status: 413,
        body: { error: 'body too large' },
        connection: 'close',
        timedOut: false,
      });
      expect(refusals).toEqual([['slack', 'too_large']]);
    });
  });
});
