import { z } from 'zod';
import { asText, field, httpUrl } from './fields.js';

/** Names the kind of a misplaced Slack token from its fixed prefix alone, never from the secret part. */
const TOKEN_KINDS = new Map([
  ['xoxb-', 'a bot token'],
  ['xoxp-', 'a user token'],
  ['xapp-', 'an app-level token'],
  ['xoxe', 'a refresh token'],
]);

function slackToken(prefix: string, kind: string, required?: string) {
  const expected = (value: unknown) => {
    const text = asText(value) ?? '';
    const seen = [...TOKEN_KINDS].find(([start]) => text.startsWith(start));
    return `${kind} starting with ${prefix}${seen ? ` (this is ${seen[1]}, ${seen[0]}…)` : ''}`;
  };
  return field(
    expected,
    (value) => (asText(value)?.startsWith(prefix) ? asText(value) : undefined),
    required,
  );
}

export const SlackSettings = z
  .object({
    SLACK_BOT_TOKEN: slackToken('xoxb-', 'a bot token', 'the xoxb- bot token of your Slack app'),
    SLACK_APP_TOKEN: slackToken('xapp-', 'an app-level token').exactOptional(),
    SLACK_SIGNING_SECRET: field('a signing secret', asText).exactOptional(),
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
  .transform((env) => ({
    botToken: env.SLACK_BOT_TOKEN,
    ...(env.SLACK_APP_TOKEN === undefined ? {} : { appToken: env.SLACK_APP_TOKEN }),
    ...(env.SLACK_SIGNING_SECRET === undefined ? {} : { signingSecret: env.SLACK_SIGNING_SECRET }),
    apiUrl: env.SLACK_API_URL,
    mode: env.SLACK_APP_TOKEN === undefined ? ('http' as const) : ('socket' as const),
  }));
export type SlackSettings = z.output<typeof SlackSettings>;
