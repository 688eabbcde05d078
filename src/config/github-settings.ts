import { z } from 'zod';
import { asText, field, httpUrl, integerIn } from './fields.js';

const APP_VARIABLES = ['GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_APP_INSTALLATION_ID'] as const;

const NumericId = integerIn(1, Number.MAX_SAFE_INTEGER, 'a numeric ID such as 123456');

/** Shells and CI secrets often carry the PEM on one line with literal `\n`: restore the line breaks. */
const PrivateKey = field(
  'a PEM private key (-----BEGIN … PRIVATE KEY-----), line breaks written as \\n',
  (value) => {
    const pem = asText(value)?.replaceAll('\\n', '\n');
    return pem !== undefined && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) ? pem : undefined;
  },
);

function appAuth(env: {
  GITHUB_APP_ID?: number;
  GITHUB_APP_PRIVATE_KEY?: string;
  GITHUB_APP_INSTALLATION_ID?: number;
}) {
  const {
    GITHUB_APP_ID: appId,
    GITHUB_APP_PRIVATE_KEY: privateKey,
    GITHUB_APP_INSTALLATION_ID: installationId,
  } = env;
  if (appId === undefined || privateKey === undefined || installationId === undefined) return undefined;
  return { kind: 'app' as const, appId, privateKey, installationId };
}

function tokenAuth(token: string | undefined) {
  if (token === undefined) {
    throw new Error('unreachable: the check above requires GITHUB_TOKEN without a GitHub App');
  }
  return { kind: 'token' as const, token };
}

export const GithubSettings = z
  .object({
    GITHUB_TOKEN: field('a token', asText).exactOptional(),
    GITHUB_APP_ID: NumericId.exactOptional(),
    GITHUB_APP_PRIVATE_KEY: PrivateKey.exactOptional(),
    GITHUB_APP_INSTALLATION_ID: NumericId.exactOptional(),
    GITHUB_API_URL: httpUrl('remove').default('https://api.github.com'),
    GITHUB_WEBHOOK_SECRET: field('a secret', asText).exactOptional(),
  })
  .superRefine(
    (env, ctx) => {
      const missing = APP_VARIABLES.filter((name) => env[name] === undefined);
      const present = APP_VARIABLES.filter((name) => env[name] !== undefined);
      for (const name of present.length > 0 ? missing : []) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `required with ${present.join(' and ')}: GitHub App auth needs all three GITHUB_APP_ settings`,
        });
      }
      if (present.length === 0 && env.GITHUB_TOKEN === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['GITHUB_TOKEN'],
          message: 'required, or set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID',
        });
      }
    },
    // Presence checks hold even when a value is malformed: report every problem at once.
    { when: () => true },
  )
  .transform((env) => ({
    apiUrl: env.GITHUB_API_URL,
    // A complete App setting wins: GITHUB_TOKEN is often just present in the shell (gh, CI).
    auth: appAuth(env) ?? tokenAuth(env.GITHUB_TOKEN),
    ...(env.GITHUB_WEBHOOK_SECRET === undefined ? {} : { webhookSecret: env.GITHUB_WEBHOOK_SECRET }),
  }));
export type GithubSettings = z.output<typeof GithubSettings>;
export type GithubAuth = GithubSettings['auth'];
