import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { World } from './scenario.js';

/** Writes `lines` as overseer.yml in a new temporary folder; returns its path, for OVERSEER_CONFIG. */
export function writeConfigFile(lines: readonly string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'overseer-config-')), 'overseer.yml');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/**
 * The config lines of an escalation that tells the channel at once, mentions `oncall` in the thread
 * `mentionAfter` later and, given `dmAfter`, DMs them then. Names no repo: the watch is the env's
 * OVERSEER_REPO.
 */
export function escalationLines(oncall: string, mentionAfter: string, dmAfter?: string): string[] {
  return [
    'oncall:',
    `  users: [${oncall}]`,
    'escalation:',
    '  - after: 0s',
    '    notify: channel',
    `  - after: ${mentionAfter}`,
    '    mention: oncall',
    ...(dmAfter === undefined ? [] : [`  - after: ${dmAfter}`, '    dm: oncall']),
  ];
}

/**
 * The world's environment reading `lines` as its config file, without the one-repo shortcut
 * (OVERSEER_REPO, OVERSEER_CHANNEL): it would watch the repo a second time, beside the file's watches.
 */
export function configEnv(
  world: Pick<World, 'env'>,
  lines: readonly string[],
  overrides: Record<string, string> = {},
): Record<string, string> {
  const {
    OVERSEER_REPO: _repo,
    OVERSEER_CHANNEL: _channel,
    ...env
  } = world.env({ OVERSEER_CONFIG: writeConfigFile(lines), ...overrides });
  return env;
}
