import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, nodeFiles } from '../../src/settings/load-config.js';

describe('nodeFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'overseer-config-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads files relative to its directory and reports a missing one as undefined', () => {
    writeFileSync(join(dir, 'overseer.yml'), 'repeat: 2\n');
    const files = nodeFiles(dir);
    expect(files.cwd).toBe(dir);
    expect(files.read('overseer.yml')).toBe('repeat: 2\n');
    expect(files.read(join(dir, 'overseer.yml'))).toBe('repeat: 2\n');
    expect(files.read('.env')).toBeUndefined();
  });

  it('throws on other failures, which loadConfig turns into a problem', () => {
    mkdirSync(join(dir, 'conf.yml'));
    const files = nodeFiles(dir);
    expect(() => files.read('conf.yml')).toThrow(/EISDIR/);

    const result = loadConfig({ OVERSEER_CONFIG: 'conf.yml' }, files);
    if (result.ok) throw new Error('expected the settings to be refused');
    expect(result.error.problems).toContain(
      `OVERSEER_CONFIG: ${join(dir, 'conf.yml')} could not be read (EISDIR)`,
    );
  });

  it('loads a real .env and overseer.yml from disk', () => {
    writeFileSync(
      join(dir, '.env'),
      'SLACK_BOT_TOKEN=xoxb-1\nSLACK_APP_TOKEN=xapp-1\nGITHUB_TOKEN=ghp_1\nGITHUB_WEBHOOK_SECRET=s\n',
    );
    writeFileSync(join(dir, 'overseer.yml'), 'repos:\n  - repo: acme/widgets\n    channel: C0INCIDENTS\n');
    const result = loadConfig({}, nodeFiles(dir));
    if (!result.ok) throw result.error;
    expect(result.config.configPath).toBe(join(dir, 'overseer.yml'));
    expect(result.config.repos.map((repo) => repo.repo)).toEqual(['acme/widgets']);
    expect(result.warnings).toEqual([]);
  });
});
