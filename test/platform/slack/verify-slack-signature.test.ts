import { verifySlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { slackSignatureRefusal } from '../../../src/platform/slack/verify-slack-signature.js';
import { signSlackRequest } from '../../support/sign.js';

const SECRET = 'signing-secret';
const BODY = 'command=%2Foverseer&text=help';
const NOW_S = 1_780_000_000;
const signed = (timestamp = NOW_S, secret = SECRET) =>
  signSlackRequest(secret, BODY, timestamp)['x-slack-signature'];

/** Bolt's own verifier on the same input: refused (its message) or undefined. */
function bolts(signature: string, timestamp: number): string | undefined {
  try {
    verifySlackRequest({
      signingSecret: SECRET,
      body: BODY,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      nowMilliseconds: NOW_S * 1000,
    });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Slack's v0 signature: https://docs.slack.dev/authentication/verifying-requests-from-slack */
describe("Slack's request signature, judged as Bolt judges it", () => {
  it.each<[string, string, number, boolean]>([
    ['signed just now', signed(), NOW_S, true],
    ['signed 5 minutes ago', signed(NOW_S - 300), NOW_S - 300, true],
    ['signed with a timestamp ahead of the clock', signed(NOW_S + 60), NOW_S + 60, true],
    ['signed more than 5 minutes ago', signed(NOW_S - 301), NOW_S - 301, false],
    ['signed with another secret', signed(NOW_S, 'another-secret'), NOW_S, false],
    ['signed for another timestamp', signed(NOW_S - 1), NOW_S, false],
    ['cut short', signed().slice(0, -1), NOW_S, false],
    ['of another version', signed().replace(/^v0=/, 'v1='), NOW_S, false],
    ['empty', '', NOW_S, false],
    ['without a timestamp', signed(), Number.NaN, false],
  ])('%s', (_, signature, timestamp, accepted) => {
    const refusal = slackSignatureRefusal(SECRET, signature, timestamp, BODY, NOW_S * 1000);
    expect(refusal === undefined).toBe(accepted);
    expect(refusal).toBe(bolts(signature, timestamp));
    // The bytes the ingress read, as the receiver passes them: the same answer.
    const bytes = new TextEncoder().encode(BODY);
    expect(slackSignatureRefusal(SECRET, signature, timestamp, bytes, NOW_S * 1000)).toBe(refusal);
  });
});

describe('a body with characters beyond ASCII (an event callback in JSON)', () => {
  it('is verified the same from the bytes read as from the string Bolt reads', () => {
    const body = JSON.stringify({ type: 'event_callback', event: { text: 'café ☕ — ok' } });
    const signature = signSlackRequest(SECRET, body, NOW_S)['x-slack-signature'];
    expect(slackSignatureRefusal(SECRET, signature, NOW_S, body, NOW_S * 1000)).toBeUndefined();
    const bytes = Buffer.from(body, 'utf8');
    expect(slackSignatureRefusal(SECRET, signature, NOW_S, bytes, NOW_S * 1000)).toBeUndefined();
    const tampered = Buffer.from(body.replace('☕', '☔'), 'utf8');
    expect(slackSignatureRefusal(SECRET, signature, NOW_S, tampered, NOW_S * 1000)).toMatch(/mismatch/);
  });
});
