import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/settings/config.js';
import { loadConfig } from '../../src/settings/load-config.js';
import { fakeFiles, VALID_ENV } from './fake-files.js';

const ENV = { ...VALID_ENV, OVERSEER_REPO: undefined, OVERSEER_CHANNEL: undefined };
const REPO = 'repos:\n  - repo: acme/widgets\n    channel: C0INCIDENTS\n';

function load(yaml: string) {
  return loadConfig(ENV, fakeFiles({ 'overseer.yml': yaml }));
}

function repoOf(yaml: string): Config['repos'][number] | undefined {
  const result = load(yaml);
  if (!result.ok) throw new Error(result.error.message);
  return result.config.repos[0];
}

function problemsOf(yaml: string): readonly string[] {
  const result = load(yaml);
  if (result.ok) throw new Error('expected the settings to be refused');
  return result.error.problems;
}

describe('per-repo settings in overseer.yml', () => {
  it('leaves flake retries and incident channels off, and the top-level escalation in charge', () => {
    const repo = repoOf(REPO);
    expect(repo).toMatchObject({ flakeRetry: 'off', incidentChannels: false });
    expect(repo).not.toHaveProperty('escalation');
  });

  it.each<[string, string, (repo: Config['repos'][number] | undefined) => unknown, unknown]>([
    ['flakeRetry', `${REPO}    flakeRetry: known\n`, (r) => r?.flakeRetry, 'known'],
    ['flakeRetry in any case', `${REPO}    flakeRetry: ALL\n`, (r) => r?.flakeRetry, 'all'],
    ['incidentChannels', `${REPO}    incidentChannels: yes\n`, (r) => r?.incidentChannels, true],
    [
      'an issue fix with its assignee',
      `${REPO}    fix: { strategy: issue, assignee: "copilot-swe-agent[bot]" }\n`,
      (r) => r?.fix,
      { strategy: 'issue', assignee: 'copilot-swe-agent[bot]' },
    ],
    [
      'an escalation of its own',
      `${REPO}    escalation:\n      - after: 10m\n        dm: [U0LEAD]\n`,
      (r) => r?.escalation,
      [{ afterMs: 600_000, dm: ['U0LEAD'] }],
    ],
  ])('reads %s', (_name, yaml, pick, expected) => {
    expect(pick(repoOf(yaml))).toStrictEqual(expected);
  });

  it.each<[string, string, string]>([
    [
      'an unknown flakeRetry',
      `${REPO}    flakeRetry: sometimes\n`,
      'overseer.yml:4 repos[0].flakeRetry: expected one of off, known, all, got "sometimes"',
    ],
    [
      'a boolean flakeRetry',
      `${REPO}    flakeRetry: true\n`,
      'overseer.yml:4 repos[0].flakeRetry: expected one of off, known, all, got true',
    ],
    [
      'incidentChannels of hope',
      `${REPO}    incidentChannels: maybe\n`,
      'overseer.yml:4 repos[0].incidentChannels: expected true or false (or 1/0, yes/no), got "maybe"',
    ],
    [
      'an assignee that is no login',
      `${REPO}    fix:\n      strategy: issue\n      assignee: "@octocat"\n`,
      'overseer.yml:6 repos[0].fix.assignee: expected a GitHub login such as octocat, got "@octocat"',
    ],
    [
      'a step of its own escalation without action',
      `${REPO}    escalation:\n      - after: 10m\n`,
      'overseer.yml:5 repos[0].escalation[0]: a step needs notify, mention or dm',
    ],
  ])('refuses %s', (_name, yaml, problem) => {
    expect(problemsOf(yaml)).toEqual([problem]);
  });

  it('warns of neither flakeRetry nor incidentChannels: both are built', () => {
    const yaml = `${REPO}    flakeRetry: all\n  - repo: acme/gadgets\n    channel: C0G\n  - repo: acme/gizmos\n    channel: C0Z\n    incidentChannels: true\n`;
    const result = load(yaml);
    if (!result.ok) throw result.error;
    expect(result.warnings.filter((warning) => /flakeRetry|incidentChannels/.test(warning))).toEqual([]);
  });
});
