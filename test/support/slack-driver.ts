// Drives a bot over its real HTTP surface the way Slack does: signed slash commands, clicks and
// events, each waited for by what it makes Slack receive (an answer, a response_url post).

import type { FakeSlack, SlackMessage } from './fake-slack.js';
import { BOT_USER_ID } from './fake-slack.js';
import { CHANNEL, SIGNING_SECRET } from './scenario.js';
import { postSignedInteraction, postSignedSlackEvent, postSignedSlackForm } from './sign.js';
import { buttonClickPayload, eventCallback, slashCommandPayload } from './slack-payloads.js';

export interface CommandAnswer {
  readonly status: number;
  /** The text of the answer: the ack's own body, or what came to the response_url. */
  readonly text: string;
  /** The whole answer as Slack got it (ack body or response_url body). */
  readonly body: Record<string, unknown>;
}

export function slackDriver(url: () => string, slack: FakeSlack) {
  let count = 0;
  const next = () => {
    count += 1;
    return count;
  };
  return {
    /** `/overseer <text>` by `user` in CHANNEL; resolves with its answer, however it came. */
    async command(text: string, user: string, channel = CHANNEL): Promise<CommandAnswer> {
      const responseUrl = slack.responseUrl();
      const form = { ...slashCommandPayload({ text, user, responseUrl, triggerId: `cmd-${next()}` }) };
      const body = new URLSearchParams({ ...form, channel_id: channel }).toString();
      // A `public` answer may also come as a post in the channel (a report with its chart).
      const postedBefore = slack.messages(channel).length;
      const response = await postSignedSlackForm(url(), SIGNING_SECRET, body);
      const raw = await response.text();
      if (response.status !== 200) return { status: response.status, text: raw, body: {} };
      if (raw !== '') {
        const acked = JSON.parse(raw) as Record<string, unknown>;
        return { status: 200, text: String(acked.text ?? ''), body: acked };
      }
      const posted = await slack.waitFor(
        (s) =>
          s.responses.find((r) => r.url === responseUrl)?.body ??
          (/\bpublic$/i.test(text.trim()) ? s.messages(channel)[postedBefore] : undefined),
        10_000,
      );
      return { status: 200, text: String(posted.text ?? ''), body: posted as Record<string, unknown> };
    },
    /** `user` clicks the button `actionId` of `message`; resolves with the HTTP status. */
    async click(message: SlackMessage, actionId: string, user: string): Promise<number> {
      const payload = buttonClickPayload({
        message,
        actionId,
        label: actionId,
        user,
        responseUrl: slack.responseUrl(),
        triggerId: `click-${next()}`,
      });
      const response = await postSignedInteraction(url(), SIGNING_SECRET, payload);
      await response.text();
      return response.status;
    },
    /** An Events API delivery of `event`; resolves with the HTTP status. */
    async event(event: Record<string, unknown>): Promise<number> {
      const response = await postSignedSlackEvent(url(), SIGNING_SECRET, eventCallback(`Ev${next()}`, event));
      await response.text();
      return response.status;
    },
    /** `@Overseer <text>` by `user` in CHANNEL, in the thread of `threadTs` when given. */
    mention(text: string, user: string, threadTs?: string) {
      const ts = `${1_800_000_000 + next()}.000100`;
      return this.event({
        type: 'app_mention',
        user,
        text: `<@${BOT_USER_ID}> ${text}`,
        ts,
        channel: CHANNEL,
        event_ts: ts,
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      });
    },
  };
}
