import { describe, expect, it } from 'vitest';
import { GITHUB_STATUS_URL } from '../../src/settings/env-overrides.js';
import { loadConfig } from '../../src/settings/load-config.js';
import { fakeFiles, VALID_ENV } from './fake-files.js';

function load(env: Record<string, string | undefined>, yaml?: string) {
  return loadConfig(
    { ...VALID_ENV, OVERSEER_CONFIG: yaml === undefined ? undefined : 'overseer.yml', ...env },
    fakeFiles(yaml === undefined ? {} : { 'overseer.yml': yaml }),
  );
}

describe('storms settings', () => {
  it('defaults to a 10 minute window, the status page on, at githubstatus.com', () => {
    const result = load({});
    if (!result.ok) throw new Error(result.error.message);
    expect(result.config.storms).toStrictEqual({
      window: 600_000,
      githubStatus: true,
      statusUrl: GITHUB_STATUS_URL,
    });
    expect(GITHUB_STATUS_URL).toBe('https://www.githubstatus.com/api/v2/components.json');
  });

  it('reads storms: from the file and lets the environment win', () => {
    const yaml = 'storms:\n  window: 5m\n  githubStatus: false\n';
    const fromFile = load({}, yaml);
    if (!fromFile.ok) throw new Error(fromFile.error.message);
    expect(fromFile.config.storms.window).toBe(300_000);
    expect(fromFile.config.storms.githubStatus).toBe(false);
    const fromEnv = load(
      {
        OVERSEER_STORM_WINDOW: '30s',
        OVERSEER_GITHUB_STATUS: 'yes',
        OVERSEER_GITHUB_STATUS_URL: 'http://127.0.0.1:9/components.json',
      },
      yaml,
    );
    if (!fromEnv.ok) throw new Error(fromEnv.error.message);
    expect(fromEnv.config.storms).toStrictEqual({
      window: 30_000,
      githubStatus: true,
      statusUrl: 'http://127.0.0.1:9/components.json',
    });
  });

  it('names each bad storms setting', () => {
    const result = load({ OVERSEER_STORM_WINDOW: 'ten minutes', OVERSEER_GITHUB_STATUS_URL: 'ftp://x' });
    if (result.ok) throw new Error('expected the settings to be refused');
    expect(result.error.problems).toHaveLength(2);
    expect(result.error.problems.join('\n')).toMatch(/OVERSEER_STORM_WINDOW/);
    expect(result.error.problems.join('\n')).toMatch(/OVERSEER_GITHUB_STATUS_URL/);
    const file = load({}, 'storms:\n  window: forever\n');
    if (file.ok) throw new Error('expected the settings to be refused');
    expect(file.error.problems.join('\n')).toMatch(/storms\.window/);
  });
});
