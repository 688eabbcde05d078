import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnvOverrides } from '../../src/settings/env-overrides.js';
import { GithubSettings } from '../../src/settings/github-settings.js';
import { loadConfig } from '../../src/settings/load-config.js';
import { RuntimeSettings } from '../../src/settings/runtime-settings.js';
import { SlackSettings } from '../../src/settings/slack-settings.js';
import { fakeFiles, VALID_ENV } from './fake-files.js';

const EXAMPLE = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** `NAME=value` lines, and `# NAME=value` lines that show a default (uncommented, they are set). */
function settingLines(text: string): string[] {
  return text.split('\n').filter((line) => /^(?:# )?[A-Z][A-Z0-9_]*=/.test(line));
}

/**
 * What `docker run --env-file` would get wrong: it keeps everything after `=` literally, so a
 * comment after a value or quotes around it become part of the value (dotenv would strip them).
 */
function envFileMistakes(text: string): string[] {
  return settingLines(text).filter((line) => {
    const value = line.replace(/^(?:# )?[A-Z][A-Z0-9_]*=/, '');
    return value.includes('#') || /^\s|\s$/.test(value) || /^["'`]/.test(value);
  });
}

/** The fenced code blocks of a Markdown text, dedented (blocks inside list items are indented). */
function codeBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  for (const match of markdown.matchAll(/^( *)```[a-z]*\n([\s\S]*?)^\1```$/gm)) {
    const indent = match[1] ?? '';
    const body = match[2] ?? '';
    blocks.push(
      body
        .split('\n')
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
        .join('\n'),
    );
  }
  return blocks;
}

const VARIABLES = [
  ...Object.keys(SlackSettings.in.shape),
  ...Object.keys(GithubSettings.in.shape),
  ...Object.keys(RuntimeSettings.in.shape),
  ...Object.keys(EnvOverrides.shape),
  'OVERSEER_CONFIG',
];

describe('.env.example', () => {
  it('lists every variable Overseer reads, once, each under a comment', () => {
    const lines = EXAMPLE.split('\n');
    const listed = lines.flatMap((line, index) => {
      const name = /^(?:# )?([A-Z][A-Z0-9_]+)=/.exec(line)?.[1];
      return name === undefined ? [] : [{ name, comment: lines[index - 1] ?? '' }];
    });

    expect(listed.map(({ name }) => name).sort()).toEqual([...VARIABLES].sort());
    for (const { name, comment } of listed) {
      expect(comment, name).toMatch(/^# [A-Za-z]/);
      expect(comment, name).not.toMatch(/^# [A-Z][A-Z0-9_]+=/);
    }
  });

  it('keeps every value empty or commented out', () => {
    const set = EXAMPLE.split('\n').filter((line) => /^[A-Z][A-Z0-9_]*=./.test(line));
    expect(set).toEqual([]);
  });

  it('shows the real defaults: uncommented, they change nothing', () => {
    const uncommented = EXAMPLE.replace(/^# ([A-Z][A-Z0-9_]+=)/gm, '$1');
    const plain = loadConfig(VALID_ENV, fakeFiles({ '.env': EXAMPLE }));
    const withDefaults = loadConfig(VALID_ENV, fakeFiles({ '.env': uncommented }));
    if (!plain.ok || !withDefaults.ok) throw new Error('expected both to load');

    expect(withDefaults.config).toStrictEqual(plain.config);
    expect(uncommented).toContain('\nOVERSEER_SCHEDULE=*/5 * * * *\n');
  });

  it('copied as is, asks for exactly the required settings', () => {
    const result = loadConfig({}, fakeFiles({ '.env': EXAMPLE }));
    if (result.ok) throw new Error('expected the settings to be refused');
    expect(result.error.problems.map((problem) => problem.split(':')[0])).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'GITHUB_TOKEN',
    ]);
  });

  it('works as a docker run --env-file file: no comment after a value, no quotes around one', () => {
    expect(settingLines(EXAMPLE).length).toBeGreaterThan(0);
    expect(envFileMistakes(EXAMPLE)).toEqual([]);
  });
});

describe("the README's quick-start .env", () => {
  const quickStart = codeBlocks(README).filter((block) => /^SLACK_APP_TOKEN=/m.test(block));

  it('is one block that sets exactly the Socket Mode settings', () => {
    expect(quickStart).toHaveLength(1);
    const names = settingLines(quickStart[0] ?? '').map((line) => line.split('=', 1)[0]);
    expect(names.sort()).toEqual(
      [
        'SLACK_BOT_TOKEN',
        'SLACK_APP_TOKEN',
        'GITHUB_TOKEN',
        'OVERSEER_REPO',
        'OVERSEER_CHANNEL',
        'OVERSEER_SELF_HEAL_ENABLED',
      ].sort(),
    );
  });

  it('works as a docker run --env-file file: no comment after a value, no quotes around one', () => {
    expect(envFileMistakes(quickStart[0] ?? '')).toEqual([]);
  });

  it('loads as it stands: Socket Mode, one watch, self-heal on', () => {
    const result = loadConfig({}, fakeFiles({ '.env': quickStart[0] ?? '' }));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.config.slack.mode).toBe('socket');
    expect(result.config.selfHeal.enabled).toBe(true);
    expect(result.config.repos.map((repo) => repo.repo)).toEqual(['acme/widgets']);
  });
});
