import { verify } from '@octokit/webhooks-methods';
import { isValidSlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { signGitHubWebhook, signSlackRequest } from './sign.js';

describe('request signing for tests', () => {
  it("matches the worked example in Slack's request-signing documentation", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toEqual({
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'x-slack-request-timestamp': '1531420618',
    });
  });

  it("produces a signature Bolt's verifier accepts, and only for the signed body", () => {
    const headers = signSlackRequest('shh', 'command=%2Foverseer&text=status');
    const check = (body: string) =>
      isValidSlackRequest({
        signingSecret: 'shh',
        body,
        headers: { ...headers, 'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']) },
      });
    expect(check('command=%2Foverseer&text=status')).toBe(true);
    expect(check('command=%2Foverseer&text=pause')).toBe(false);
  });

  it('signs GitHub webhooks as X-Hub-Signature-256 that verify() accepts', async () => {
    const signature = await signGitHubWebhook('hook-secret', '{"zen":"hi"}');
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    await expect(verify('hook-secret', '{"zen":"hi"}', signature)).resolves.toBe(true);
    await expect(verify('other-secret', '{"zen":"hi"}', signature)).resolves.toBe(false);
  });
});
