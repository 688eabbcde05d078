import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/settings/config.js';
import { GITHUB_STATUS_URL } from '../../src/settings/env-overrides.js';
import { loadConfig } from '../../src/settings/load-config.js';
import { CONTRACT_YAML, withLine, withLines } from './contract-example.js';
import { CWD, fakeFiles, VALID_ENV } from './fake-files.js';

type Env = Record<string, string | undefined>;

/** The valid environment without its one-repo watch: the file says what is watched. */
const ENV: Env = { ...VALID_ENV, OVERSEER_REPO: undefined, OVERSEER_CHANNEL: undefined };

function problemsOf(yaml: string, env: Env = ENV): readonly string[] {
  const result = loadConfig(env, fakeFiles({ 'overseer.yml': yaml }));
  if (result.ok) throw new Error('expected the settings to be refused');
  return result.error.problems;
}

function configOf(yaml: string, env: Env = ENV): Config {
  const result = loadConfig(env, fakeFiles({ 'overseer.yml': yaml }));
  if (!result.ok) throw new Error(result.error.message);
  return result.config;
}

const REPO = 'repos:\n  - repo: acme/widgets\n    channel: C0INCIDENTS\n';

/** What every repo entry gets unless it says otherwise. */
const DEFAULTS = { flakeRetry: 'off', incidentChannels: false } as const;

describe('loadConfig from overseer.yml', () => {
  it('loads the CONTRACT.md example into the expected settings', () => {
    expect(configOf(CONTRACT_YAML)).toStrictEqual({
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
      schedule: '*/5 * * * *',
      selfHeal: { enabled: true, originate: true, maxPerCycle: 1, maxOpenTasks: 3 },
      approvers: ['U0APPROVER', 'S0LEADS'],
      admins: ['U0ADMIN'],
      rerunBy: 'anyone',
      oncall: { users: ['U0ALICE', 'U0BOB'], rotation: 'weekly', start: new Date('2026-11-02T09:00:00Z') },
      escalation: [
        { afterMs: 0, notify: 'channel' },
        { afterMs: 15 * 60_000, mention: 'oncall' },
        { afterMs: 30 * 60_000, dm: 'oncall' },
        { afterMs: 60 * 60_000, dm: ['U0MANAGER'], mention: 'here' },
      ],
      repeat: 1,
      rules: [],
      repos: [
        {
          repo: 'acme/widgets',
          workflow: 'ci.yml',
          branch: 'main',
          channel: 'C0INCIDENTS',
          fix: { strategy: 'rerun', workflow: 'overseer-fix.yml' },
          users: { octocat: 'U0OCTO' },
          flakeRetry: 'off',
          incidentChannels: false,
        },
      ],
      storms: { window: 600_000, githubStatus: true, statusUrl: GITHUB_STATUS_URL },
      logLevel: 'info',
      configPath: `${CWD}/overseer.yml`,
    } satisfies Config);
  });

  it('names the file and line of a YAML syntax error', () => {
    const problems = problemsOf(withLine(8, 'admins: [U0ADMIN'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^overseer\.yml:9: not valid YAML: /);
  });

  it('names the file as OVERSEER_CONFIG gave it', () => {
    const env = { ...ENV, OVERSEER_CONFIG: 'deploy/overseer.yml' };
    const files = fakeFiles({ 'deploy/overseer.yml': 'schedule: "*/5 * * * *"\nrepeat: [1\n\n' });
    const result = loadConfig(env, files);
    if (result.ok) throw new Error('expected the settings to be refused');
    expect(result.error.problems).toEqual([
      'deploy/overseer.yml:2: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(files.reads).toEqual([`${CWD}/.env`, `${CWD}/deploy/overseer.yml`]);
  });

  it('names file, line and key path of a bad nested value', () => {
    expect(problemsOf(withLine(5, '  maxPerCycle: lots'))).toEqual([
      'overseer.yml:5 selfHeal.maxPerCycle: expected a whole number of at least 0, got "lots"',
    ]);
  });

  it.each<[string, string, string]>([
    [
      'a misspelt top-level key',
      withLine(1, 'schedul: "*/5 * * * *"'),
      'overseer.yml:1 schedul: unknown key; expected one of schedule, selfHeal, approvers, admins, rerunBy, oncall, escalation, repeat, rules, repos, storms',
    ],
    [
      'a misspelt nested key',
      withLine(3, '  enabeld: true'),
      'overseer.yml:3 selfHeal.enabeld: unknown key; expected one of enabled, originate, maxPerCycle, maxOpenTasks',
    ],
    [
      'a key in the wrong place',
      withLine(27, '    brnch: main'),
      'overseer.yml:27 repos[0].brnch: unknown key; expected one of repo, workflow, branch, channel, fix, users, flakeRetry, incidentChannels, escalation',
    ],
    [
      'a bad cron',
      withLine(1, 'schedule: "*/5 * *"'),
      'overseer.yml:1 schedule: expected a cron expression of 5 fields (or 6 with seconds), such as */5 * * * *, got "*/5 * *"',
    ],
    [
      'a bad boolean',
      withLine(4, '  originate: sure'),
      'overseer.yml:4 selfHeal.originate: expected true or false (or 1/0, yes/no), got "sure"',
    ],
    [
      'a section that is a value',
      withLines(2, 6, 'selfHeal: true'),
      'overseer.yml:2 selfHeal: expected a mapping with enabled, originate, maxPerCycle, maxOpenTasks, got true',
    ],
    [
      'approvers not in a list',
      withLine(7, 'approvers: U0APPROVER'),
      'overseer.yml:7 approvers: expected a list of Slack user IDs (U…) or user-group IDs (S…), got "U0APPROVER"',
    ],
    [
      'an approver by name',
      withLine(8, 'admins: [U0ADMIN, bob]'),
      'overseer.yml:8 admins[1]: expected a Slack user ID (U…) or user-group ID (S…), got "bob"',
    ],
    [
      'users and a usergroup',
      withLine(10, '  users: [U0ALICE]\n  usergroup: S0ONCALL'),
      'overseer.yml:11 oncall.usergroup: set users or usergroup, not both',
    ],
    [
      'an unknown rotation',
      withLine(11, '  rotation: monthly'),
      'overseer.yml:11 oncall.rotation: expected one of none, daily, weekly, got "monthly"',
    ],
    [
      'a start that is no date',
      withLine(12, '  start: next monday'),
      'overseer.yml:12 oncall.start: expected an ISO date such as 2026-11-02 or 2026-11-02T09:00:00Z, got "next monday"',
    ],
    [
      'a bad duration',
      withLine(16, '  - after: 15 minutes'),
      'overseer.yml:16 escalation[1].after: expected a duration such as 30s, 15m, 2h or 1d, got "15 minutes"',
    ],
    [
      'a step without after',
      withLines(16, 17, '  - mention: oncall'),
      'overseer.yml:16 escalation[1].after: required: a duration such as 30s, 15m, 2h or 1d',
    ],
    [
      'a step without action',
      withLine(17, ''),
      'overseer.yml:16 escalation[1]: a step needs notify, mention or dm',
    ],
    [
      'a DM to the channel',
      withLine(19, '    dm: here'),
      'overseer.yml:19 escalation[2].dm: expected oncall, author or a list of Slack user IDs, got "here"',
    ],
    [
      'a mention of a name',
      withLine(17, '    mention: [U0BOB, carol]'),
      'overseer.yml:17 escalation[1].mention: expected channel, here, oncall, author or a list of Slack user IDs, got a list',
    ],
    [
      'notify of something else',
      withLine(15, '    notify: oncall'),
      'overseer.yml:15 escalation[0].notify: expected one of channel, got "oncall"',
    ],
    [
      'a negative repeat',
      withLine(23, 'repeat: -1'),
      'overseer.yml:23 repeat: expected a whole number of at least 0, got -1',
    ],
    [
      'a repo without owner',
      withLine(25, '  - repo: widgets'),
      'overseer.yml:25 repos[0].repo: expected owner/name, such as acme/widgets, got "widgets"',
    ],
    [
      'a repo without channel',
      withLine(28, ''),
      'overseer.yml:25 repos[0].channel: required: a Slack channel ID such as C0123ABCD (not a #name)',
    ],
    [
      'a channel by name',
      withLine(28, '    channel: "#incidents"'),
      'overseer.yml:28 repos[0].channel: expected a Slack channel ID such as C0123ABCD (not a #name), got "#incidents"',
    ],
    [
      'an unknown fix strategy',
      withLine(30, '      strategy: pray'),
      'overseer.yml:30 repos[0].fix.strategy: expected one of rerun, revert, dispatch, issue, got "pray"',
    ],
    [
      'dispatch without workflow',
      withLines(30, 31, '      strategy: dispatch'),
      'overseer.yml:29 repos[0].fix.workflow: required when strategy is dispatch: the workflow file to dispatch, such as overseer-fix.yml',
    ],
    [
      'a login that is no login',
      withLine(33, '      "octo cat": U0OCTO'),
      'overseer.yml:33 repos[0].users.octo cat: expected a GitHub login, got "octo cat"',
    ],
    [
      'a Slack user by name',
      withLine(33, '      octocat: alice'),
      'overseer.yml:33 repos[0].users.octocat: expected a Slack user ID such as U0123ABCD, got "alice"',
    ],
  ])('refuses %s, naming file:line key.path', (_name, yaml, problem) => {
    expect(problemsOf(yaml)).toEqual([problem]);
  });

  it('reports a repo+workflow+branch listed twice', () => {
    const yaml = `${REPO}  - repo: Acme/Widgets\n    channel: C0OTHER\n`;
    expect(problemsOf(yaml)).toEqual(['overseer.yml:4 repos[1]: watches Acme/Widgets ci.yml a second time']);
  });

  it('refuses a file that is a list, not a mapping', () => {
    expect(problemsOf('- acme/widgets\n')).toEqual([
      'overseer.yml:1: expected a mapping with schedule, selfHeal, approvers, admins, rerunBy, oncall, escalation, repeat, rules, repos, storms, got a list',
    ]);
  });

  it('lists every problem, environment first, then the file in line order', () => {
    const yaml = withLine(23, 'repeat: often').replace('rotation: weekly', 'rotation: yearly');
    const result = loadConfig({ ...ENV, SLACK_BOT_TOKEN: undefined }, fakeFiles({ 'overseer.yml': yaml }));
    if (result.ok) throw new Error('expected the settings to be refused');
    expect(result.error.problems).toEqual([
      'SLACK_BOT_TOKEN: required: the xoxb- bot token of your Slack app',
      'overseer.yml:11 oncall.rotation: expected one of none, daily, weekly, got "yearly"',
      'overseer.yml:23 repeat: expected a whole number of at least 0, got "often"',
    ]);
    expect(result.error.message).toMatch(/^Overseer cannot start: 3 settings need attention\.\n/);
    expect(result.error.message).not.toContain('Nothing is watched yet');
  });

  it('adds the nothing-watched hint to an error when no repo is listed anywhere', () => {
    const result = loadConfig(
      { ...ENV, SLACK_BOT_TOKEN: undefined },
      fakeFiles({ 'overseer.yml': 'repeat: 2\n' }),
    );
    if (result.ok) throw new Error('expected the settings to be refused');
    expect(result.error.message.split('\n').slice(-2)).toEqual([
      'Nothing is watched yet: set OVERSEER_REPO and OVERSEER_CHANNEL, or list repos in overseer.yml (OVERSEER_CONFIG).',
      'See .env.example for every variable and manifest.yml for creating the Slack app.',
    ]);
  });

  it.each<[string, Env, (config: Config) => unknown, unknown]>([
    ['OVERSEER_SCHEDULE', { OVERSEER_SCHEDULE: '0 * * * *' }, (c) => c.schedule, '0 * * * *'],
    ['OVERSEER_SELF_HEAL_ENABLED', { OVERSEER_SELF_HEAL_ENABLED: 'false' }, (c) => c.selfHeal.enabled, false],
    ['OVERSEER_ORIGINATE_ENABLED', { OVERSEER_ORIGINATE_ENABLED: 'no' }, (c) => c.selfHeal.originate, false],
    ['OVERSEER_MAX_PER_CYCLE', { OVERSEER_MAX_PER_CYCLE: '4' }, (c) => c.selfHeal.maxPerCycle, 4],
    ['OVERSEER_MAX_OPEN_TASKS', { OVERSEER_MAX_OPEN_TASKS: '0' }, (c) => c.selfHeal.maxOpenTasks, 0],
    [
      'OVERSEER_APPROVERS',
      { OVERSEER_APPROVERS: 'U0OTHER' },
      (c) => [c.approvers, c.admins],
      [['U0OTHER'], ['U0ADMIN']],
    ],
    ['OVERSEER_ADMINS', { OVERSEER_ADMINS: 'U0ROOT' }, (c) => c.admins, ['U0ROOT']],
    ['OVERSEER_RERUN_BY', { OVERSEER_RERUN_BY: 'approvers' }, (c) => c.rerunBy, 'approvers'],
    [
      'OVERSEER_ONCALL',
      { OVERSEER_ONCALL: 'S0ONCALL' },
      (c) => c.oncall,
      { users: [], usergroup: 'S0ONCALL', rotation: 'weekly', start: new Date('2026-11-02T09:00:00Z') },
    ],
  ])('lets %s override the file', (_name, env, pick, expected) => {
    expect(pick(configOf(CONTRACT_YAML, { ...ENV, ...env }))).toStrictEqual(expected);
  });

  it('lets OVERSEER_REPO replace the file entry for the same repo and workflow, keeping the others', () => {
    const yaml = `${REPO}    users: { octocat: U0OCTO }\n  - repo: acme/widgets\n    workflow: nightly.yml\n    channel: C0NIGHTLY\n  - repo: acme/gadgets\n    channel: C0GADGETS\n`;
    const env = {
      ...ENV,
      OVERSEER_REPO: 'acme/widgets',
      OVERSEER_CHANNEL: 'C0ENV',
      OVERSEER_BRANCH: 'trunk',
    };
    expect(configOf(yaml, env).repos).toStrictEqual([
      { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'trunk', channel: 'C0ENV', users: {}, ...DEFAULTS },
      { repo: 'acme/widgets', workflow: 'nightly.yml', channel: 'C0NIGHTLY', users: {}, ...DEFAULTS },
      { repo: 'acme/gadgets', workflow: 'ci.yml', channel: 'C0GADGETS', users: {}, ...DEFAULTS },
    ]);
  });

  it.each<[string, string, (config: Config) => unknown, unknown]>([
    [
      'an empty file as all defaults',
      '',
      (c) => [c.schedule, c.repos, c.escalation],
      ['*/5 * * * *', [], [{ afterMs: 0, notify: 'channel' }]],
    ],
    [
      'a section with everything commented out as absent',
      'oncall:\n  # users: [U0A]\n',
      (c) => c.oncall,
      { users: [], rotation: 'none' },
    ],
    ['an empty escalation as no steps', 'escalation: []\n', (c) => c.escalation, []],
    [
      'a single user as a list of one',
      'escalation:\n  - after: 1d\n    dm: U0BOSS\n',
      (c) => c.escalation,
      [{ afterMs: 86_400_000, dm: ['U0BOSS'] }],
    ],
    [
      'author and channel targets',
      'escalation:\n  - after: 30s\n    mention: channel\n    dm: author\n',
      (c) => c.escalation,
      [{ afterMs: 30_000, mention: 'channel', dm: 'author' }],
    ],
    [
      'an oncall usergroup',
      'oncall:\n  usergroup: S0ONCALL\n  rotation: daily\n',
      (c) => c.oncall,
      { users: [], usergroup: 'S0ONCALL', rotation: 'daily' },
    ],
    [
      'a start date',
      'oncall:\n  start: 2026-11-02\n',
      (c) => c.oncall.start,
      new Date('2026-11-02T00:00:00Z'),
    ],
    [
      'a dispatch fix',
      `${REPO}    fix: { strategy: dispatch, workflow: fix.yml }\n`,
      (c) => c.repos[0]?.fix,
      { strategy: 'dispatch', workflow: 'fix.yml' },
    ],
    [
      'a bot login',
      `${REPO}    users: { "dependabot[bot]": U0DEPS }\n`,
      (c) => c.repos[0]?.users,
      { 'dependabot[bot]': 'U0DEPS' },
    ],
    [
      'numbers and booleans written as text',
      'selfHeal: { enabled: "yes", maxPerCycle: "2" }\n',
      (c) => c.selfHeal,
      { enabled: true, originate: false, maxPerCycle: 2, maxOpenTasks: 3 },
    ],
    ['rerunBy', 'rerunBy: approvers\napprovers: [U0A1]\n', (c) => c.rerunBy, 'approvers'],
  ])('reads %s', (_name, yaml, pick, expected) => {
    expect(pick(configOf(yaml))).toStrictEqual(expected);
  });

  it('reads OVERSEER_CONFIG relative to the working directory', () => {
    const env = { ...ENV, OVERSEER_CONFIG: 'conf/watch.yml' };
    const result = loadConfig(env, fakeFiles({ 'conf/watch.yml': REPO, 'overseer.yml': 'repeat: 9\n' }));
    if (!result.ok) throw result.error;
    expect(result.config.configPath).toBe(`${CWD}/conf/watch.yml`);
    expect(result.config.repeat).toBe(0);
    expect(result.config.repos).toHaveLength(1);
  });

  it('refuses an OVERSEER_CONFIG that does not exist', () => {
    const result = loadConfig({ ...VALID_ENV, OVERSEER_CONFIG: 'missing.yml' }, fakeFiles());
    if (result.ok) throw new Error('expected the settings to be refused');
    expect(result.error.problems).toEqual([`OVERSEER_CONFIG: no file at ${CWD}/missing.yml`]);
  });

  it('runs without any file, reading none', () => {
    const files = fakeFiles();
    const result = loadConfig(VALID_ENV, files);
    if (!result.ok) throw result.error;
    expect(result.config).not.toHaveProperty('configPath');
    expect(files.reads).toEqual([`${CWD}/.env`, `${CWD}/overseer.yml`]);
  });

  it('reports a file that cannot be read instead of throwing', () => {
    const files = {
      cwd: CWD,
      read(path: string): string | undefined {
        if (path.endsWith('.env')) return undefined;
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
    };
    const result = loadConfig(VALID_ENV, files);
    if (result.ok) throw new Error('expected the settings to be refused');
    expect(result.error.problems).toEqual([`overseer.yml: ${CWD}/overseer.yml could not be read (EACCES)`]);
  });
});
