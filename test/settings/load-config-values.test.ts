import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/settings/config.js';
import { loadConfig } from '../../src/settings/load-config.js';
import { fakeFiles, VALID_ENV } from './fake-files.js';

type Env = Record<string, string | undefined>;

const ENV: Env = { ...VALID_ENV, OVERSEER_REPO: undefined, OVERSEER_CHANNEL: undefined };

function problemsOf(yaml: string, env: Env = ENV): readonly string[] {
  const result = loadConfig(env, fakeFiles({ 'overseer.yml': yaml }));
  if (result.ok) throw new Error('expected the settings to be refused');
  return result.error.problems;
}

function configOf(yaml: string): Config {
  const result = loadConfig(ENV, fakeFiles({ 'overseer.yml': yaml }));
  if (!result.ok) throw new Error(result.error.message);
  return result.config;
}

describe('loadConfig, values at the edges', () => {
  it.each<[string, string, (config: Config) => unknown, unknown]>([
    ['a flag written as 1 or 0', 'selfHeal: { enabled: 1, originate: 0 }\n', (c) => c.selfHeal.enabled, true],
    ['a count written with spaces', 'repeat: " 2 "\n', (c) => c.repeat, 2],
    ['a rotation in capitals', 'oncall: { rotation: Weekly }\n', (c) => c.oncall.rotation, 'weekly'],
    [
      'a start with an offset',
      'oncall: { start: "2026-11-02T09:00:00+01:00" }\n',
      (c) => c.oncall.start,
      new Date('2026-11-02T08:00:00Z'),
    ],
    [
      'target words in any case, and a list of user IDs',
      'escalation:\n  - after: 5m\n    mention: HERE\n    dm: [U0A1, W0B2]\n',
      (c) => c.escalation,
      [{ afterMs: 300_000, mention: 'here', dm: ['U0A1', 'W0B2'] }],
    ],
  ])('reads %s', (_name, yaml, pick, expected) => {
    expect(pick(configOf(yaml))).toStrictEqual(expected);
  });

  it.each<[string, string, string]>([
    [
      'a day that no month has',
      'oncall:\n  start: 2026-02-30\n',
      'overseer.yml:2 oncall.start: expected an ISO date such as 2026-11-02 or 2026-11-02T09:00:00Z, got "2026-02-30"',
    ],
    [
      'a boolean as a count',
      'repeat: true\n',
      'overseer.yml:1 repeat: expected a whole number of at least 0, got true',
    ],
    [
      'a fractional count',
      'selfHeal:\n  maxOpenTasks: 2.5\n',
      'overseer.yml:2 selfHeal.maxOpenTasks: expected a whole number of at least 0, got 2.5',
    ],
    [
      'an empty list of people to mention',
      'escalation:\n  - after: 5m\n    mention: []\n',
      'overseer.yml:3 escalation[0].mention: expected channel, here, oncall, author or a list of Slack user IDs, got a list',
    ],
    [
      'a list where a flag belongs',
      'selfHeal:\n  enabled: [yes]\n',
      'overseer.yml:2 selfHeal.enabled: expected true or false (or 1/0, yes/no), got a list',
    ],
    [
      'a missing strategy',
      'repos:\n  - repo: acme/widgets\n    channel: C0A1\n    fix: { workflow: fix.yml }\n',
      'overseer.yml:4 repos[0].fix.strategy: required: how to fix: rerun, revert, dispatch, issue',
    ],
  ])('refuses %s, quoting it as written', (_name, yaml, problem) => {
    expect(problemsOf(yaml)).toEqual([problem]);
  });

  it.each<[string, Env, string]>([
    [
      'a log level, quoted as written rather than lower-cased',
      { LOG_LEVEL: 'VERBOSE' },
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "VERBOSE"',
    ],
    ['a port in hex', { PORT: '0x50' }, 'PORT: expected a port number from 1 to 65535, got "0x50"'],
    ['a port with an exponent', { PORT: '8e3' }, 'PORT: expected a port number from 1 to 65535, got "8e3"'],
    [
      'a count past the largest safe integer',
      { OVERSEER_MAX_OPEN_TASKS: '99999999999999999999' },
      'OVERSEER_MAX_OPEN_TASKS: expected a whole number of at least 0, got "99999999999999999999"',
    ],
  ])('refuses %s', (_name, change, problem) => {
    expect(problemsOf('', { ...ENV, ...change })).toEqual([problem]);
  });

  it('names every problem of every kind at once: environment sections in order, then the file', () => {
    const env = { ...ENV, SLACK_API_URL: 'slack', GITHUB_APP_ID: 'x', PORT: '0', OVERSEER_REPO: 'widgets' };
    expect(problemsOf('repeat: -1\noncall: { rotation: hourly }\n', env)).toEqual([
      'SLACK_API_URL: expected an http:// or https:// URL, got "slack"',
      'GITHUB_APP_ID: expected a numeric ID such as 123456, got "x"',
      'GITHUB_APP_PRIVATE_KEY: required with GITHUB_APP_ID: GitHub App auth needs all three GITHUB_APP_ settings',
      'GITHUB_APP_INSTALLATION_ID: required with GITHUB_APP_ID: GitHub App auth needs all three GITHUB_APP_ settings',
      'PORT: expected a port number from 1 to 65535, got "0"',
      'OVERSEER_REPO: expected owner/name, such as acme/widgets, got "widgets"',
      'OVERSEER_CHANNEL: required with OVERSEER_REPO: the ID of the Slack channel for its incidents, such as C0123ABCD',
      'overseer.yml:1 repeat: expected a whole number of at least 0, got -1',
      'overseer.yml:2 oncall.rotation: expected one of none, daily, weekly, got "hourly"',
    ]);
  });
});
