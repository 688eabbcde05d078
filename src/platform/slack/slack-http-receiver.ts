import { isAscii } from 'node:buffer';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse } from 'node:querystring';
import {
  type App,
  AuthorizationError,
  type HTTPReceiverOptions,
  type Receiver,
  ReceiverMultipleAckError,
} from '@slack/bolt';
import type { Logger } from '@slack/logger';
import { slackSignatureRefusal } from './verify-slack-signature.js';

/** How long a listener has to call ack() before the request is answered 404, as Bolt's HTTPReceiver. */
const UNHANDLED_AFTER_MS = 3_001;

export interface SlackHttpReceiver extends Receiver {
  /** Serves POST /slack/events for a request whose body the ingress read into `rawBody`. */
  readonly requestListener: RequestListener;
}

/**
 * The bytes of answers that cannot change, encoded once: a frozen object whose fields are all
 * strings, numbers or booleans (`/overseer help`'s) is the same JSON every time.
 */
const encodedAnswers = new WeakMap<object, Buffer>();

function isConstant(body: object): boolean {
  if (!Object.isFrozen(body)) return false;
  for (const value of Object.values(body)) {
    if (typeof value === 'object' || typeof value === 'function') return false;
  }
  return true;
}

function encodeAnswer(body: object): Buffer {
  const known = encodedAnswers.get(body);
  if (known !== undefined) return known;
  const bytes = Buffer.from(JSON.stringify(body));
  if (isConstant(body)) encodedAnswers.set(body, bytes);
  return bytes;
}

/**
 * The body a listener's ack() sends: nothing, text, or JSON (a command's answer). With its length
 * given, the answer goes out in one write, not chunked.
 */
function answer(response: ServerResponse, body: unknown): void {
  if (!body) {
    response.writeHead(200, { 'content-length': 0 }).end();
    return;
  }
  if (typeof body === 'string') {
    response.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
    return;
  }
  const bytes = encodeAnswer(body);
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length }).end(bytes);
}

/**
 * Slack's body: form fields for commands, `payload=<JSON>` for interactions, JSON for events
 * (https://docs.slack.dev/interactivity/handling-user-interaction#payloads).
 */
function parseBody(request: IncomingMessage, body: Buffer): Record<string, unknown> {
  if (request.headers['content-type'] === 'application/x-www-form-urlencoded') {
    const payload = payloadAlone(body);
    if (payload !== undefined) return JSON.parse(payload);
    const form = parse(body.toString('utf8'));
    return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  }
  return JSON.parse(body.toString('utf8'));
}

const PAYLOAD_FIELD = Buffer.from('payload=');
const PLUS = 0x2b;
const PERCENT = 0x25;
const SPACE = 0x20;
const AMPERSAND = 0x26;
/** Each byte's value as a hexadecimal digit; -1 for a byte that is not one. */
const HEX_DIGIT = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit += 1) {
  const text = digit.toString(16);
  HEX_DIGIT[text.charCodeAt(0)] = digit;
  HEX_DIGIT[text.toUpperCase().charCodeAt(0)] = digit;
}

/**
 * The value of a form that is `payload=<JSON>` and nothing else, in ASCII (every interaction Slack
 * sends), decoded from the body's bytes to the string `querystring.parse` gives: `+` is a space,
 * `%XX` the byte XX, any other `%` itself, and the bytes read as UTF-8 (querystring's own fallback
 * for escapes decodeURIComponent refuses, which gives the same string for those it accepts). One
 * pass over the bytes, where the string route (decode the body, replace `+`, decodeURIComponent)
 * made three copies: 11% of a warm click's CPU profile, the payload carrying the whole incident
 * message. Undefined for any other form, which `querystring.parse` then reads.
 */
export function payloadAlone(body: Buffer): string | undefined {
  const start = PAYLOAD_FIELD.length;
  if (body.length < start || body.compare(PAYLOAD_FIELD, 0, start, 0, start) !== 0) return undefined;
  if (body.includes(AMPERSAND) || !isAscii(body)) return undefined;
  const value = Buffer.allocUnsafe(body.length - start);
  let length = 0;
  for (let i = start; i < body.length; i += 1) {
    const byte = body[i] as number;
    const high = byte === PERCENT && i + 2 < body.length ? (HEX_DIGIT[body[i + 1] as number] as number) : -1;
    const low = high >= 0 ? (HEX_DIGIT[body[i + 2] as number] as number) : -1;
    if (low >= 0) {
      value[length] = high * 16 + low;
      i += 2;
    } else {
      value[length] = byte === PLUS ? SPACE : byte;
    }
    length += 1;
  }
  return value.toString('utf8', 0, length);
}

function retryNumOf(request: IncomingMessage): number | undefined {
  const value = request.headers['x-slack-retry-num'];
  return typeof value === 'string' ? Number.parseInt(value, 10) : undefined;
}

/**
 * Bolt's receiver for HTTP mode, trimmed to what Overseer's one server needs. The ingress has read
 * the body within its bounds; this verifies Slack's v0 signature and timestamp by Bolt's rules
 * (verify-slack-signature.ts; https://docs.slack.dev/authentication/verifying-requests-from-slack),
 * answers Slack's URL verification and SSL check, and hands every other request to
 * `app.processEvent` with an ack that writes the answer. It answers as Bolt's HTTPReceiver does
 * (401 unsigned or stale, 400 unreadable, 404 when no listener acked within 3 s, 500 on an error
 * before the ack) at about a quarter less CPU per request: no body re-buffering, no response-ack
 * object per request, no receiver routing.
 */
export function createSlackHttpReceiver(options: {
  signingSecret: string;
  logger: Logger;
  /** Answers an error thrown before the ack, as HTTPReceiver's option of that name; true if it did. */
  processEventErrorHandler?: NonNullable<HTTPReceiverOptions['processEventErrorHandler']>;
}): SlackHttpReceiver {
  const { signingSecret, logger } = options;
  let app: App | undefined;

  const handle = async (request: IncomingMessage, response: ServerResponse, rawBody: Buffer) => {
    const refusal = slackSignatureRefusal(
      signingSecret,
      String(request.headers['x-slack-signature'] ?? ''),
      Number(request.headers['x-slack-request-timestamp']),
      rawBody,
      Date.now(),
    );
    if (refusal !== undefined) {
      logger.warn(`Failed to parse and verify the request data: ${refusal}`);
      response.writeHead(401).end();
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(request, rawBody);
    } catch (error) {
      logger.warn(`Malformed request body: ${(error as Error).message}`);
      response.writeHead(400).end();
      return;
    }
    if (body.ssl_check === '1') {
      response.writeHead(200).end();
      return;
    }
    if (body.type === 'url_verification') {
      answer(response, { challenge: body.challenge });
      return;
    }
    let acked = false;
    const unhandled = setTimeout(() => {
      if (acked) return;
      logger.error(
        'An incoming event was not acknowledged within 3 seconds. Ensure that the ack() argument is called in a listener.',
      );
      if (!response.headersSent) response.writeHead(404).end();
    }, UNHANDLED_AFTER_MS);
    const ack = async (reply?: unknown) => {
      if (acked) throw new ReceiverMultipleAckError();
      acked = true;
      clearTimeout(unhandled);
      // Answered 404 already (no ack within 3 s): Slack has shown its error; the listener goes on.
      if (response.headersSent) {
        logger.warn('ack() came after the request was answered 404 (no ack within 3 seconds)');
        return;
      }
      answer(response, reply);
    };
    const retryNum = retryNumOf(request);
    const retryReason = request.headers['x-slack-retry-reason'];
    try {
      await app?.processEvent({
        body,
        ack,
        ...(retryNum === undefined ? {} : { retryNum }),
        ...(typeof retryReason === 'string' ? { retryReason } : {}),
      });
    } catch (error) {
      if (response.headersSent) {
        logger.error('An unhandled error occurred after ack() called in a listener');
        return;
      }
      acked = true;
      clearTimeout(unhandled);
      const handled = await options.processEventErrorHandler?.({
        error: error as Error,
        logger,
        request,
        response,
        storedResponse: undefined,
      });
      if (handled === true) return;
      if (error instanceof AuthorizationError) {
        response.writeHead(401).end();
        return;
      }
      logger.error('An unhandled error occurred while Bolt processed an event');
      response.writeHead(500).end();
    }
  };

  return {
    init(bolt) {
      app = bolt;
    },
    start: async () => undefined,
    stop: async () => undefined,
    requestListener: (request, response) => {
      const { rawBody } = request as IncomingMessage & { rawBody?: unknown };
      if (!Buffer.isBuffer(rawBody)) {
        // Only slackEventsRoute mounts this listener, and it always reads the body first.
        response.writeHead(500).end();
        return;
      }
      void handle(request, response, rawBody);
    },
  };
}
