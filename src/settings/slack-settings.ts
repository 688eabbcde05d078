import { z } from 'zod';
import { expecting, httpUrl } from './fields.js';

/** Names the kind of a misplaced Slack token from its fixed prefix alone, never from the secret part. */
const TOKEN_KINDS = new Map([
  ['xoxb-', 'a bot token'],
  ['xoxp-', 'a user token'],
  ['xapp-', 'an app-level token'],
  ['xoxe', 'a refresh token'],
]);

function slackToken(prefix: string, kind: string, required?: string) {
  const expected = (input: unknown) => {
    const seen = [...TOKEN_KINDS].find(([start]) => typeof input === 'string' && input.startsWith(start));
    return `${kind} starting with ${prefix}${seen ? ` (this is ${seen[1]}, ${seen[0]}…)` : ''}`;
  };
  return z.string(expecting(expected, required)).startsWith(prefix);
}

export const SlackSettings = z
  .object({
    SLACK_BOT_TOKEN: slackToken('xoxb-', 'a bot token', 'the xoxb- bot token of your Slack app'),
    SLACK_APP_TOKEN: slackToken('xapp-', 'an app-level token').exactOptional(),
    SLACK_SIGNING_SECRET: z.string().exactOptional(),
    SLACK_API_URL: httpUrl('add').default('https://slack.com/api/'),
  })
  .superRefine(
    (env, ctx) => {
      if (env.SLACK_APP_TOKEN !== undefined || env.SLACK_SIGNING_SECRET !== undefined) return;
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          "required in HTTP mode: the Signing Secret from your Slack app's Basic Information page " +
          '(or set SLACK_APP_TOKEN to use Socket Mode)',
      });
    },
    // Presence checks hold even when a value is malformed: report every problem at once.
    { when: () => true },
  )
  .transform(({ SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL }) => ({
    botToken: SLACK_BOT_TOKEN,
    ...(SLACK_APP_TOKEN === undefined ? {} : { appToken: SLACK_APP_TOKEN }),
    ...(SLACK_SIGNING_SECRET === undefined ? {} : { signingSecret: SLACK_SIGNING_SECRET }),
    apiUrl: SLACK_API_URL,
    mode: SLACK_APP_TOKEN === undefined ? ('http' as const) : ('socket' as const),
  }));
export type SlackSettings = z.output<typeof SlackSettings>;
