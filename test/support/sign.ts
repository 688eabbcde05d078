import { createHmac } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/** Slack's v0 request signature: HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestamp) };
}

/** The `X-Hub-Signature-256` value GitHub sends: `sha256=` and the HMAC-SHA256 of the raw body. */
export function signGitHubWebhook(secret: string, rawBody: string): Promise<string> {
  return sign(secret, rawBody);
}

/** POSTs a form-encoded body to the bot's `/slack/events`, signed the way Slack signs it. */
export function postSignedSlackForm(botUrl: string, signingSecret: string, body: string): Promise<Response> {
  return fetch(`${botUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...signSlackRequest(signingSecret, body),
    },
    body,
  });
}

/** POSTs an interaction payload (a click, a view submission) as Slack does: `payload=<JSON>`, signed. */
export function postSignedInteraction(
  botUrl: string,
  signingSecret: string,
  payload: unknown,
): Promise<Response> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSignedSlackForm(botUrl, signingSecret, body);
}

/**
 * POSTs an Events API payload (JSON) to the bot's `/slack/events`, signed the way Slack signs it;
 * `retry` adds the headers Slack puts on a retry (https://api.slack.com/apis/events-api#retries).
 */
export function postSignedSlackEvent(
  botUrl: string,
  signingSecret: string,
  payload: unknown,
  retry?: number,
): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${botUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signSlackRequest(signingSecret, body),
      ...(retry === undefined
        ? {}
        : { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' }),
    },
    body,
  });
}
