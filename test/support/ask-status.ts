import type { FakeSlack } from './fake-slack.js';
import { SIGNING_SECRET } from './scenario.js';
import { postSignedSlackForm } from './sign.js';
import { slashCommandPayload } from './slack-payloads.js';

/** Asks `/overseer status` over HTTP as `user` and answers the text Overseer replied with. */
export async function askStatus(botUrl: string, slack: FakeSlack, user = 'U0ALICE'): Promise<string> {
  const responseUrl = slack.responseUrl();
  const payload = slashCommandPayload({ text: 'status', user, responseUrl, triggerId: '5678.1.abcdef' });
  const response = await postSignedSlackForm(botUrl, SIGNING_SECRET, new URLSearchParams(payload).toString());
  if (response.status !== 200) throw new Error(`/overseer status answered ${response.status}`);
  const answer = await slack.waitFor(() => slack.responses.find((r) => r.url === responseUrl), 8_000);
  return String(answer.body.text);
}
