import type { FakeSlack } from './fake-slack.js';
import { SIGNING_SECRET } from './scenario.js';
import { postSignedSlackForm } from './sign.js';
import { slashCommandPayload } from './slack-payloads.js';

let asked = 0;

/**
 * Asks `/overseer status` over HTTP as `user` and answers the text Overseer replied with. Each ask
 * has a trigger_id of its own, as Slack mints one per command: the bot skips a trigger it handled.
 */
export async function askStatus(botUrl: string, slack: FakeSlack, user = 'U0ALICE'): Promise<string> {
  asked += 1;
  const responseUrl = slack.responseUrl();
  const triggerId = `5678.${asked}.status${String(asked).padStart(6, '0')}`;
  const payload = slashCommandPayload({ text: 'status', user, responseUrl, triggerId });
  const response = await postSignedSlackForm(botUrl, SIGNING_SECRET, new URLSearchParams(payload).toString());
  if (response.status !== 200) throw new Error(`/overseer status answered ${response.status}`);
  const answer = await slack.waitFor(() => slack.responses.find((r) => r.url === responseUrl), 8_000);
  return String(answer.body.text);
}
