import { createHmac, timingSafeEqual } from 'node:crypto';

/** How old a request's timestamp may be, as Slack documents and Bolt enforces. */
const MAX_AGE_S = 5 * 60;
const PREFIX = 'Failed to verify authenticity';

/**
 * Slack's v0 request signature (https://docs.slack.dev/authentication/verifying-requests-from-slack):
 * `v0=` and the hex HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret, the timestamp
 * no more than 5 minutes old. The same rules and messages as Bolt's `verifySlackRequest`, compared
 * with `timingSafeEqual` instead of tsscmp (which draws random bytes and computes two more HMACs
 * per request). Answers why a request is refused, or undefined when it is Slack's.
 */
export function slackSignatureRefusal(
  signingSecret: string,
  signature: string,
  timestamp: number,
  body: string | Uint8Array,
  nowMs: number,
): string | undefined {
  if (Number.isNaN(timestamp))
    return `${PREFIX}: header x-slack-request-timestamp did not have the expected type (${timestamp})`;
  if (timestamp < Math.floor(nowMs / 1000) - MAX_AGE_S)
    return `${PREFIX}: x-slack-request-timestamp must differ from system time by no more than 5 minutes or request is stale`;
  if (!signature.startsWith('v0=')) return `${PREFIX}: unknown signature version`;
  // The body is hashed on its own, not as part of one concatenated string: the same UTF-8 bytes
  // (the prefix is ASCII), without copying a click's 4 kB payload into a new string first. Given
  // as the bytes read, it is hashed as Slack signed it, with no string encoded back to bytes.
  const expected = Buffer.from(
    `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(body).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return `${PREFIX}: signature mismatch`;
  return undefined;
}
