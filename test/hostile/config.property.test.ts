// Config files and environment values in any shape: loading never throws, answers a config or one
// error listing problems, and no problem or warning repeats a secret's value.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/settings/load-config.js';
import { hostileText } from '../support/hostile-text.js';

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-1111-secret-bot-token',
  SLACK_SIGNING_SECRET: 'signing-secret-9f8e7d',
  GITHUB_TOKEN: 'ghp_secretgithubtoken123456',
  GITHUB_WEBHOOK_SECRET: 'webhook-secret-5a4b3c',
};
/** Starts every secret value the environment property sets. */
const MARKER = 'Zq9secret';
const BASE = {
  ...SECRETS,
  OVERSEER_REPO: 'acme/widgets',
  OVERSEER_CHANNEL: 'C0INCIDENTS',
  OVERSEER_CONFIG: 'overseer.yml',
};

/** Every variable of CONTRACT.md section 2 and 3. */
const VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_API_URL',
  'PORT',
  'GITHUB_TOKEN',
  'GITHUB_APP_ID',
  'GITHUB_APP_PRIVATE_KEY',
  'GITHUB_APP_INSTALLATION_ID',
  'GITHUB_API_URL',
  'GITHUB_WEBHOOK_SECRET',
  'REDIS_URL',
  'OVERSEER_DATA_DIR',
  'OVERSEER_CONFIG',
  'OVERSEER_REPO',
  'OVERSEER_WORKFLOW',
  'OVERSEER_BRANCH',
  'OVERSEER_CHANNEL',
  'OVERSEER_SCHEDULE',
  'OVERSEER_SELF_HEAL_ENABLED',
  'OVERSEER_ORIGINATE_ENABLED',
  'OVERSEER_MAX_PER_CYCLE',
  'OVERSEER_MAX_OPEN_TASKS',
  'OVERSEER_APPROVERS',
  'OVERSEER_ADMINS',
  'OVERSEER_ONCALL',
  'OVERSEER_STORM_WINDOW',
  'OVERSEER_GITHUB_STATUS',
  'OVERSEER_GITHUB_STATUS_URL',
  'OVERSEER_REPORT_SCHEDULE',
  'OVERSEER_REPORT_DAYS',
  'LOG_LEVEL',
] as const;

/** Values near the valid ones and far from them. */
const Value = fc.oneof(
  fc.constantFrom('', ' ', 'true', 'yes', '0', '-1', '1e309', '65536', '30s', '0m', '9999999d', '* * * * *'),
  fc.constantFrom('acme/widgets', 'C0X', 'U0A,U0B', 'S0OPS', 'redis://127.0.0.1:1', 'http://x', 'debug'),
  hostileText(3),
  fc.string({ maxLength: 30 }),
);

/** A config file: documented keys with values of any type, or any YAML at all, or not YAML. */
const Key = fc.constantFrom(
  'schedule',
  'selfHeal',
  'approvers',
  'admins',
  'oncall',
  'escalation',
  'repeat',
  'repos',
  'storms',
  'report',
  'rules',
  'enabled',
  'repo',
  'workflow',
  'branch',
  'channel',
  'fix',
  'strategy',
  'users',
  'after',
  'notify',
  'mention',
  'dm',
  '__proto__',
  'constructor',
);
const YamlValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    Value,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(Key, tie('value'), { maxKeys: 5 }),
  ),
})).value;
const ConfigText = fc.oneof(
  fc.dictionary(Key, YamlValue, { maxKeys: 8 }).map((document) => stringify(document)),
  YamlValue.map((document) => stringify(document)),
  hostileText(6),
  fc.constantFrom(
    'repos: [',
    '&a [*a]',
    'a: &x\n  b: *x\nc: *x',
    '!!binary x',
    '? [a]\n: b',
    '%YAML 9.9\n---',
  ),
);

/** Loads with `env` and `configText`; fails the property when anything throws. */
function load(env: Record<string, string>, configText: string | undefined) {
  return loadConfig(env, {
    cwd: '/nowhere',
    read: (path) => (path.endsWith('overseer.yml') ? configText : undefined),
  });
}

function expectNoSecret(result: ReturnType<typeof load>): void {
  const said = result.ok ? result.warnings.join('\n') : result.error.message;
  for (const secret of Object.values(SECRETS)) expect(said).not.toContain(secret);
}

describe('hostile configuration', () => {
  it('any overseer.yml: a config or one error naming the problems, never a throw or a secret (1,000 files)', () => {
    fc.assert(
      fc.property(ConfigText, (text) => {
        const result = load(BASE, text);
        if (!result.ok) expect(result.error.message).toMatch(/\S/);
        expectNoSecret(result);
      }),
      { numRuns: 1_000 },
    );
  });

  it('any environment values: a config or one error naming the problems, never a throw or a secret (1,000 environments)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...VARIABLES), Value, { maxKeys: 10 }), (changes) => {
        const { OVERSEER_CONFIG: _file, ...base } = BASE;
        // A secret set to any value, valid or not, is never repeated back: each starts with a marker.
        const secret = (name: string, value: string) =>
          name in SECRETS ||
          name === 'GITHUB_APP_PRIVATE_KEY' ||
          name === 'SLACK_APP_TOKEN' ||
          name === 'REDIS_URL'
            ? `${MARKER}${value}`
            : value;
        const env = {
          ...base,
          ...Object.fromEntries(Object.entries(changes).map(([n, v]) => [n, secret(n, v)])),
        };
        const result = load(env, undefined);
        if (!result.ok) expect(result.error.message).toMatch(/\S/);
        expectNoSecret(result);
        const said = result.ok ? result.warnings.join('\n') : result.error.message;
        expect(said).not.toContain(MARKER);
      }),
      { numRuns: 1_000 },
    );
  });
});
