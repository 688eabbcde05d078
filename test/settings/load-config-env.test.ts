import { describe, expect, it } from 'vitest';
import { type Config, DEFAULT_SCHEDULE } from '../../src/settings/config.js';
import { GITHUB_STATUS_URL } from '../../src/settings/env-overrides.js';
import { loadConfig } from '../../src/settings/load-config.js';
import { CWD, fakeFiles, VALID_ENV } from './fake-files.js';

type Env = Record<string, string | undefined>;

function problemsOf(env: Env, files = fakeFiles()): readonly string[] {
  const result = loadConfig(env, files);
  if (result.ok) throw new Error('expected the settings to be refused');
  return result.error.problems;
}

function configOf(env: Env, files = fakeFiles()): Config {
  const result = loadConfig(env, files);
  if (!result.ok) throw new Error(result.error.message);
  return result.config;
}

const PEM = '-----BEGIN RSA PRIVATE KEY-----\\nMIIEpkeysecret\\n-----END RSA PRIVATE KEY-----';

describe('loadConfig from the environment', () => {
  it('refuses an empty environment with one message naming every missing setting', () => {
    const result = loadConfig({}, fakeFiles());

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe(
      [
        'Overseer cannot start: 3 settings need attention.',
        '  - SLACK_BOT_TOKEN: required: the xoxb- bot token of your Slack app',
        "  - SLACK_SIGNING_SECRET: required in HTTP mode: the Signing Secret from your Slack app's Basic Information page (or set SLACK_APP_TOKEN to use Socket Mode)",
        '  - GITHUB_TOKEN: required, or set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID',
        'Nothing is watched yet: set OVERSEER_REPO and OVERSEER_CHANNEL, or list repos in overseer.yml (OVERSEER_CONFIG).',
        'See .env.example for every variable and manifest.yml for creating the Slack app.',
      ].join('\n'),
    );
    expect(result.error.name).toBe('ConfigError');
  });

  it('fills in every default around the required settings', () => {
    expect(configOf(VALID_ENV)).toStrictEqual({
      slack: {
        botToken: 'xoxb-1111-2222-botsecret',
        appToken: 'xapp-1-A111-appsecret',
        apiUrl: 'https://slack.com/api/',
        mode: 'socket',
      },
      github: {
        apiUrl: 'https://api.github.com',
        auth: { kind: 'token', token: 'ghp_tokensecret' },
        webhookSecret: 'hooksecret',
      },
      port: 3000,
      store: { kind: 'embedded', dataDir: `${CWD}/data` },
      schedule: DEFAULT_SCHEDULE,
      selfHeal: { enabled: false, originate: false, maxPerCycle: 1, maxOpenTasks: 3 },
      approvers: [],
      admins: [],
      rerunBy: 'anyone',
      oncall: { users: [], rotation: 'none' },
      escalation: [{ afterMs: 0, notify: 'channel' }],
      repeat: 0,
      rules: [],
      repos: [
        {
          repo: 'acme/widgets',
          workflow: 'ci.yml',
          channel: 'C0INCIDENTS',
          users: {},
          flakeRetry: 'off',
          incidentChannels: false,
        },
      ],
      storms: { window: 600_000, githubStatus: true, statusUrl: GITHUB_STATUS_URL },
      logLevel: 'info',
    } satisfies Config);
  });

  it('uses HTTP mode with a signing secret when no app token is set', () => {
    const config = configOf({ ...VALID_ENV, SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: 'signsecret' });
    expect(config.slack).toStrictEqual({
      botToken: 'xoxb-1111-2222-botsecret',
      signingSecret: 'signsecret',
      apiUrl: 'https://slack.com/api/',
      mode: 'http',
    });
  });

  it.each<[string, Env, string]>([
    [
      'a user token as bot token',
      { SLACK_BOT_TOKEN: 'xoxp-1-2-3' },
      'SLACK_BOT_TOKEN: expected a bot token starting with xoxb- (this is a user token, xoxp-…)',
    ],
    [
      'a bot token as app token',
      { SLACK_APP_TOKEN: 'xoxb-1-2-3' },
      'SLACK_APP_TOKEN: expected an app-level token starting with xapp- (this is a bot token, xoxb-…)',
    ],
    [
      'an unknown token kind',
      { SLACK_BOT_TOKEN: 'abc' },
      'SLACK_BOT_TOKEN: expected a bot token starting with xoxb-',
    ],
    [
      'HTTP mode without a signing secret',
      { SLACK_APP_TOKEN: undefined },
      "SLACK_SIGNING_SECRET: required in HTTP mode: the Signing Secret from your Slack app's Basic Information page (or set SLACK_APP_TOKEN to use Socket Mode)",
    ],
    [
      'a non-http Slack URL',
      { SLACK_API_URL: 'ftp://slack.example' },
      'SLACK_API_URL: expected an http:// or https:// URL, got "ftp://slack.example"',
    ],
    [
      'a GitHub URL that is no URL',
      { GITHUB_API_URL: 'github.example.com' },
      'GITHUB_API_URL: expected an http:// or https:// URL, got "github.example.com"',
    ],
    ['port 0', { PORT: '0' }, 'PORT: expected a port number from 1 to 65535, got "0"'],
    ['port 65536', { PORT: '65536' }, 'PORT: expected a port number from 1 to 65535, got "65536"'],
    ['a fractional port', { PORT: '80.5' }, 'PORT: expected a port number from 1 to 65535, got "80.5"'],
    [
      'a Redis URL of another scheme',
      { REDIS_URL: 'http://redis:6379' },
      'REDIS_URL: expected a redis:// or rediss:// URL',
    ],
    [
      'an unknown log level',
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    ],
    [
      'a repo without owner',
      { OVERSEER_REPO: 'widgets' },
      'OVERSEER_REPO: expected owner/name, such as acme/widgets, got "widgets"',
    ],
    [
      'a channel name instead of ID',
      { OVERSEER_CHANNEL: '#incidents' },
      'OVERSEER_CHANNEL: expected a Slack channel ID such as C0123ABCD (not a #name), got "#incidents"',
    ],
    [
      'a repo without channel',
      { OVERSEER_CHANNEL: undefined },
      'OVERSEER_CHANNEL: required with OVERSEER_REPO: the ID of the Slack channel for its incidents, such as C0123ABCD',
    ],
    [
      'a workflow that is not a file',
      { OVERSEER_WORKFLOW: 'CI' },
      'OVERSEER_WORKFLOW: expected a workflow file name such as ci.yml, got "CI"',
    ],
    [
      'a branch with a space',
      { OVERSEER_BRANCH: 'my branch' },
      'OVERSEER_BRANCH: expected a branch name such as main, got "my branch"',
    ],
    [
      'a cron of words',
      { OVERSEER_SCHEDULE: 'every 5 minutes' },
      'OVERSEER_SCHEDULE: expected a cron expression of 5 fields (or 6 with seconds), such as */5 * * * *, got "every 5 minutes"',
    ],
    [
      'a boolean of hope',
      { OVERSEER_SELF_HEAL_ENABLED: 'maybe' },
      'OVERSEER_SELF_HEAL_ENABLED: expected true or false (or 1/0, yes/no), got "maybe"',
    ],
    [
      'a count in words',
      { OVERSEER_MAX_PER_CYCLE: 'lots' },
      'OVERSEER_MAX_PER_CYCLE: expected a whole number of at least 0, got "lots"',
    ],
    [
      'a negative count',
      { OVERSEER_MAX_OPEN_TASKS: '-1' },
      'OVERSEER_MAX_OPEN_TASKS: expected a whole number of at least 0, got "-1"',
    ],
    [
      'an approver by name',
      { OVERSEER_APPROVERS: 'U0ALICE, bob' },
      'OVERSEER_APPROVERS: expected a comma-separated list of Slack user IDs (U…) or user-group IDs (S…), got "U0ALICE, bob"',
    ],
    [
      'an admin channel',
      { OVERSEER_ADMINS: 'C0ADMINS' },
      'OVERSEER_ADMINS: expected a comma-separated list of Slack user IDs (U…) or user-group IDs (S…), got "C0ADMINS"',
    ],
    [
      'oncall mixing a group and users',
      { OVERSEER_ONCALL: 'S0ONCALL,U0BOB' },
      'OVERSEER_ONCALL: expected comma-separated Slack user IDs (U…) in rotation order, or one user-group ID (S…), got "S0ONCALL,U0BOB"',
    ],
    [
      'an unknown rerun policy',
      { OVERSEER_RERUN_BY: 'everyone' },
      'OVERSEER_RERUN_BY: expected one of anyone, approvers, got "everyone"',
    ],
  ])('refuses %s, naming the variable', (_name, change, problem) => {
    expect(problemsOf({ ...VALID_ENV, ...change })).toEqual([problem]);
  });

  it.each<[string, Env, (config: Config) => unknown, unknown]>([
    [
      'adds the slash Slack URLs need',
      { SLACK_API_URL: 'http://localhost:9999/api' },
      (c) => c.slack.apiUrl,
      'http://localhost:9999/api/',
    ],
    [
      'keeps a Slack URL slash',
      { SLACK_API_URL: 'https://slack-gov.com/api/' },
      (c) => c.slack.apiUrl,
      'https://slack-gov.com/api/',
    ],
    [
      'drops the GitHub URL slash',
      { GITHUB_API_URL: 'https://ghe.example.com/api/v3/' },
      (c) => c.github.apiUrl,
      'https://ghe.example.com/api/v3',
    ],
    ['reads the port', { PORT: '8080' }, (c) => c.port, 8080],
    [
      'uses Redis when set',
      { REDIS_URL: 'rediss://:pw@redis:6380/0' },
      (c) => c.store,
      { kind: 'redis', url: 'rediss://:pw@redis:6380/0' },
    ],
    [
      'resolves a relative data dir',
      { OVERSEER_DATA_DIR: 'state' },
      (c) => c.store,
      { kind: 'embedded', dataDir: `${CWD}/state` },
    ],
    [
      'keeps an absolute data dir',
      { OVERSEER_DATA_DIR: '/var/lib/overseer' },
      (c) => c.store,
      { kind: 'embedded', dataDir: '/var/lib/overseer' },
    ],
    ['reads the log level in any case', { LOG_LEVEL: 'DEBUG' }, (c) => c.logLevel, 'debug'],
    [
      'splits approvers',
      { OVERSEER_APPROVERS: 'U0ALICE, S0LEADS,W0BOB' },
      (c) => c.approvers,
      ['U0ALICE', 'S0LEADS', 'W0BOB'],
    ],
    [
      'makes approvers the admins by default',
      { OVERSEER_APPROVERS: 'U0ALICE,S0LEADS' },
      (c) => c.admins,
      ['U0ALICE', 'S0LEADS'],
    ],
    [
      'keeps admins apart when set',
      { OVERSEER_APPROVERS: 'U0ALICE', OVERSEER_ADMINS: 'U0ROOT' },
      (c) => [c.approvers, c.admins],
      [['U0ALICE'], ['U0ROOT']],
    ],
    [
      'reads oncall users in order',
      { OVERSEER_ONCALL: 'U0BOB,U0ALICE' },
      (c) => c.oncall,
      { users: ['U0BOB', 'U0ALICE'], rotation: 'none' },
    ],
    [
      'reads an oncall user group',
      { OVERSEER_ONCALL: 'S0ONCALL' },
      (c) => c.oncall,
      { users: [], usergroup: 'S0ONCALL', rotation: 'none' },
    ],
    [
      'reads rerun by approvers',
      { OVERSEER_RERUN_BY: 'approvers', OVERSEER_APPROVERS: 'U0A1' },
      (c) => c.rerunBy,
      'approvers',
    ],
    [
      'reads counts',
      { OVERSEER_MAX_PER_CYCLE: '0', OVERSEER_MAX_OPEN_TASKS: '10' },
      (c) => [c.selfHeal.maxPerCycle, c.selfHeal.maxOpenTasks],
      [0, 10],
    ],
    [
      'strips the workflows folder',
      { OVERSEER_WORKFLOW: '.github/workflows/build.yaml' },
      (c) => c.repos[0]?.workflow,
      'build.yaml',
    ],
    ['reads the branch', { OVERSEER_BRANCH: 'release/1.x' }, (c) => c.repos[0]?.branch, 'release/1.x'],
  ])('%s', (_name, change, pick, expected) => {
    expect(pick(configOf({ ...VALID_ENV, ...change }))).toStrictEqual(expected);
  });

  describe('booleans', () => {
    it.each([
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['Yes', true],
      ['false', false],
      ['False', false],
      ['0', false],
      ['no', false],
      ['NO', false],
    ])('reads %j as %s', (text, value) => {
      const config = configOf({
        ...VALID_ENV,
        OVERSEER_SELF_HEAL_ENABLED: text,
        OVERSEER_ORIGINATE_ENABLED: text,
      });
      expect(config.selfHeal).toMatchObject({ enabled: value, originate: value });
    });

    it.each(['on', 'off', 'y', '2', 'enabled', 'truee'])('refuses %j', (text) => {
      expect(problemsOf({ ...VALID_ENV, OVERSEER_ORIGINATE_ENABLED: text })).toEqual([
        `OVERSEER_ORIGINATE_ENABLED: expected true or false (or 1/0, yes/no), got "${text}"`,
      ]);
    });
  });

  describe('cron schedules', () => {
    it.each([
      '*/5 * * * *',
      '0 9 * * 1-5',
      '0 0 * * MON',
      '*/15 8-18 * * MON-FRI',
      '30 */5 * * * *',
      '0 0 1 1 *',
    ])('accepts %j', (schedule) => {
      expect(configOf({ ...VALID_ENV, OVERSEER_SCHEDULE: schedule }).schedule).toBe(schedule);
    });

    it.each(['* * * *', '* * * * * * *', '60 * * * *', '0 25 * * *', '* * 32 * *', '*/0 * * * *', 'hourly'])(
      'refuses %j',
      (schedule) => {
        expect(problemsOf({ ...VALID_ENV, OVERSEER_SCHEDULE: schedule })).toEqual([
          `OVERSEER_SCHEDULE: expected a cron expression of 5 fields (or 6 with seconds), such as */5 * * * *, got "${schedule}"`,
        ]);
      },
    );
  });

  describe('GitHub App auth', () => {
    const app = { GITHUB_APP_ID: '123', GITHUB_APP_PRIVATE_KEY: PEM, GITHUB_APP_INSTALLATION_ID: '456' };

    it('uses the App with the key line breaks restored', () => {
      const config = configOf({ ...VALID_ENV, GITHUB_TOKEN: undefined, ...app });
      expect(config.github.auth).toStrictEqual({
        kind: 'app',
        appId: 123,
        privateKey: '-----BEGIN RSA PRIVATE KEY-----\nMIIEpkeysecret\n-----END RSA PRIVATE KEY-----',
        installationId: 456,
      });
    });

    it('prefers a complete App over GITHUB_TOKEN and says so', () => {
      const result = loadConfig({ ...VALID_ENV, ...app }, fakeFiles());
      if (!result.ok) throw result.error;
      expect(result.config.github.auth.kind).toBe('app');
      expect(result.warnings).toContain(
        'GITHUB_TOKEN is ignored: the GitHub App (GITHUB_APP_ID and friends) is used instead',
      );
    });

    it.each<[Env, string[]]>([
      [
        { GITHUB_APP_ID: '123' },
        [
          'GITHUB_APP_PRIVATE_KEY: required with GITHUB_APP_ID: GitHub App auth needs all three GITHUB_APP_ settings',
          'GITHUB_APP_INSTALLATION_ID: required with GITHUB_APP_ID: GitHub App auth needs all three GITHUB_APP_ settings',
        ],
      ],
      [
        { GITHUB_APP_ID: '123', GITHUB_APP_PRIVATE_KEY: PEM },
        [
          'GITHUB_APP_INSTALLATION_ID: required with GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY: GitHub App auth needs all three GITHUB_APP_ settings',
        ],
      ],
      [
        { GITHUB_APP_ID: 'my-app', GITHUB_APP_PRIVATE_KEY: PEM, GITHUB_APP_INSTALLATION_ID: '456' },
        ['GITHUB_APP_ID: expected a numeric ID such as 123456, got "my-app"'],
      ],
      [
        { GITHUB_APP_ID: '123', GITHUB_APP_PRIVATE_KEY: PEM, GITHUB_APP_INSTALLATION_ID: '4.5' },
        ['GITHUB_APP_INSTALLATION_ID: expected a numeric ID such as 123456, got "4.5"'],
      ],
    ])('names what a partial App setting lacks: %j', (change, problems) => {
      expect(problemsOf({ ...VALID_ENV, GITHUB_TOKEN: undefined, ...change })).toEqual(problems);
      // A token alongside does not excuse a half-set App.
      expect(problemsOf({ ...VALID_ENV, ...change })).toEqual(problems);
    });
  });

  describe('secrets', () => {
    it.each<[string, Env]>([
      ['SLACK_BOT_TOKEN', { SLACK_BOT_TOKEN: 'xoxp-secret123' }],
      ['SLACK_BOT_TOKEN', { SLACK_BOT_TOKEN: 'secret123' }],
      ['SLACK_APP_TOKEN', { SLACK_APP_TOKEN: 'xoxb-secret123' }],
      [
        'GITHUB_APP_PRIVATE_KEY',
        { GITHUB_APP_ID: '1', GITHUB_APP_INSTALLATION_ID: '2', GITHUB_APP_PRIVATE_KEY: 'secret123' },
      ],
      ['REDIS_URL', { REDIS_URL: 'http://:secret123@redis:6379' }],
      ['REDIS_URL', { REDIS_URL: 'redis//:secret123@redis' }],
    ])('a wrong-shaped %s is named but never echoed', (name, change) => {
      const result = loadConfig({ ...VALID_ENV, ...change }, fakeFiles());
      if (result.ok) throw new Error('expected the settings to be refused');
      expect(result.error.problems).toHaveLength(1);
      expect(result.error.problems[0]).toMatch(new RegExp(`^${name}: expected `));
      expect(result.error.message).not.toContain('secret123');
    });

    it('keeps every secret out of the message and the warnings', () => {
      const secrets = {
        ...VALID_ENV,
        SLACK_SIGNING_SECRET: 'signsecret',
        GITHUB_APP_ID: '1',
        GITHUB_APP_PRIVATE_KEY: PEM,
        GITHUB_APP_INSTALLATION_ID: '2',
        REDIS_URL: 'redis://:redissecret@redis:6379',
      };
      const refused = loadConfig({ ...secrets, OVERSEER_REPO: 'not a repo' }, fakeFiles());
      const loaded = loadConfig(secrets, fakeFiles());
      if (refused.ok || !loaded.ok) throw new Error('expected one refusal and one success');
      const said = [refused.error.message, ...loaded.warnings].join('\n');
      for (const secret of [
        'botsecret',
        'appsecret',
        'signsecret',
        'tokensecret',
        'keysecret',
        'hooksecret',
        'redissecret',
      ]) {
        expect(said).not.toContain(secret);
      }
      expect(refused.error.problems).toEqual([
        'OVERSEER_REPO: expected owner/name, such as acme/widgets, got "not a repo"',
      ]);
    });
  });

  describe('.env', () => {
    it('reads .env from the working directory, the real environment winning', () => {
      const files = fakeFiles({
        '.env': [
          'SLACK_BOT_TOKEN=xoxb-from-dotenv',
          'GITHUB_TOKEN=ghp_dotenv',
          'PORT=4000',
          'LOG_LEVEL=debug',
        ].join('\n'),
      });
      const config = configOf(
        { ...VALID_ENV, SLACK_BOT_TOKEN: undefined, GITHUB_TOKEN: undefined, PORT: '5000' },
        files,
      );

      expect(files.reads).toContain(`${CWD}/.env`);
      expect(config.slack.botToken).toBe('xoxb-from-dotenv');
      expect(config.github.auth).toStrictEqual({ kind: 'token', token: 'ghp_dotenv' });
      expect(config.port).toBe(5000);
      expect(config.logLevel).toBe('debug');
    });

    it('lets an empty real variable unset a .env one', () => {
      const files = fakeFiles({ '.env': 'SLACK_APP_TOKEN=xapp-1-dotenv\nSLACK_SIGNING_SECRET=signsecret\n' });
      expect(configOf({ ...VALID_ENV, SLACK_APP_TOKEN: '' }, files).slack.mode).toBe('http');
      expect(configOf({ ...VALID_ENV, SLACK_APP_TOKEN: undefined }, files).slack.mode).toBe('socket');
    });

    it('treats the empty values of a copied .env.example as unset', () => {
      const files = fakeFiles({ '.env': 'SLACK_APP_TOKEN=\nREDIS_URL=\nOVERSEER_BRANCH=\n' });
      const config = configOf(
        { ...VALID_ENV, SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: 'signsecret' },
        files,
      );
      expect(config.slack.mode).toBe('http');
      expect(config.store.kind).toBe('embedded');
      expect(config.repos[0]).not.toHaveProperty('branch');
    });

    it('never writes to process.env', () => {
      const files = fakeFiles({ '.env': 'OVERSEER_CONFIG_TEST_MARKER=1\n' });
      configOf(VALID_ENV, files);
      expect(process.env.OVERSEER_CONFIG_TEST_MARKER).toBeUndefined();
    });
  });

  describe('warnings', () => {
    function warningsOf(env: Env): string[] {
      const result = loadConfig(env, fakeFiles());
      if (!result.ok) throw result.error;
      return result.warnings;
    }

    it('says nothing for a complete setup', () => {
      expect(warningsOf(VALID_ENV)).toEqual([]);
    });

    it('loads with nothing watched, saying so', () => {
      expect(warningsOf({ ...VALID_ENV, OVERSEER_REPO: undefined, OVERSEER_CHANNEL: undefined })).toEqual([
        'Nothing is watched yet: set OVERSEER_REPO and OVERSEER_CHANNEL, or list repos in overseer.yml (OVERSEER_CONFIG).',
      ]);
    });

    it.each<[Env, string]>([
      [
        { OVERSEER_SELFHEAL_ENABLED: 'true' },
        'OVERSEER_SELFHEAL_ENABLED is not an Overseer setting and is ignored; check its spelling against .env.example',
      ],
      [
        { OVERSEER_REPO: undefined, OVERSEER_WORKFLOW: 'ci.yml' },
        'OVERSEER_WORKFLOW is ignored without OVERSEER_REPO',
      ],
      [
        { GITHUB_WEBHOOK_SECRET: undefined },
        'GITHUB_WEBHOOK_SECRET is unset: GitHub webhooks are refused (401); CI is read by the schedule only',
      ],
      [
        { OVERSEER_ORIGINATE_ENABLED: 'true', OVERSEER_APPROVERS: 'U0A1' },
        'Originating fix tasks is on but self-heal is off, so nothing happens: turn on selfHeal.enabled',
      ],
      [
        { OVERSEER_SELF_HEAL_ENABLED: 'yes', OVERSEER_ORIGINATE_ENABLED: 'yes' },
        'No approvers are set, so nobody can Approve & Start a fix task: set OVERSEER_APPROVERS',
      ],
      [
        { OVERSEER_RERUN_BY: 'approvers' },
        'Re-runs are limited to approvers but none are set, so nobody can re-run: set OVERSEER_APPROVERS',
      ],
    ])('warns about %j', (change, warning) => {
      expect(warningsOf({ ...VALID_ENV, ...change })).toContain(warning);
    });
  });
});
