import { z } from 'zod';
import { Duration, expecting, httpUrl, integerIn } from './fields.js';

const APP_VARIABLES = ['GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_APP_INSTALLATION_ID'] as const;

const NumericId = integerIn(1, Number.MAX_SAFE_INTEGER, 'a numeric ID such as 123456');

/** Shells and CI secrets often carry the PEM on one line with literal `\n`: the line breaks are restored. */
const PrivateKey = z
  .string(expecting('a PEM private key (-----BEGIN … PRIVATE KEY-----), line breaks written as \\n'))
  .overwrite((pem) => pem.replaceAll('\\n', '\n'))
  .regex(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);

const GithubEnv = z.object({
  GITHUB_TOKEN: z.string().exactOptional(),
  GITHUB_APP_ID: NumericId.exactOptional(),
  GITHUB_APP_PRIVATE_KEY: PrivateKey.exactOptional(),
  GITHUB_APP_INSTALLATION_ID: NumericId.exactOptional(),
  GITHUB_API_URL: httpUrl('remove').default('https://api.github.com'),
  GITHUB_WEBHOOK_SECRET: z.string().exactOptional(),
  /** Each GitHub request attempt's deadline: a GitHub that never answers cannot hang a cycle. */
  GITHUB_TIMEOUT: Duration.default(10_000),
});

export const GithubSettings = GithubEnv.superRefine(
  (env, ctx) => {
    const present = APP_VARIABLES.filter((name) => env[name] !== undefined);
    const missing = present.length === 0 ? [] : APP_VARIABLES.filter((name) => env[name] === undefined);
    for (const name of missing) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `required with ${present.join(' and ')}: GitHub App auth needs all three GITHUB_APP_ settings`,
      });
    }
    if (present.length > 0 || env.GITHUB_TOKEN !== undefined) return;
    ctx.addIssue({
      code: 'custom',
      path: ['GITHUB_TOKEN'],
      message: 'required, or set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID',
    });
  },
  // Presence checks hold even when a value is malformed: report every problem at once.
  { when: () => true },
).transform((env) => ({
  apiUrl: env.GITHUB_API_URL,
  auth: auth(env),
  timeoutMs: env.GITHUB_TIMEOUT,
  ...(env.GITHUB_WEBHOOK_SECRET === undefined ? {} : { webhookSecret: env.GITHUB_WEBHOOK_SECRET }),
}));
export type GithubSettings = z.output<typeof GithubSettings>;

export type GithubAuth =
  | { kind: 'token'; token: string }
  | { kind: 'app'; appId: number; privateKey: string; installationId: number };

/** A complete App setting wins: GITHUB_TOKEN is often just present in the shell (gh, CI). */
function auth(env: z.output<typeof GithubEnv>): GithubAuth {
  const {
    GITHUB_APP_ID: appId,
    GITHUB_APP_PRIVATE_KEY: privateKey,
    GITHUB_APP_INSTALLATION_ID: installationId,
  } = env;
  if (appId !== undefined && privateKey !== undefined && installationId !== undefined) {
    return { kind: 'app', appId, privateKey, installationId };
  }
  if (env.GITHUB_TOKEN === undefined)
    throw new Error('unreachable: the check above requires GITHUB_TOKEN without an App');
  return { kind: 'token', token: env.GITHUB_TOKEN };
}
