import { collectWarnings } from './collect-warnings.js';
import type { Config } from './config.js';
import { ConfigError, NOTHING_WATCHED } from './config-error.js';
import type { ConfigFiles } from './config-files.js';
import { EnvOverrides } from './env-overrides.js';
import { GithubSettings } from './github-settings.js';
import { mergeSettings } from './merge-settings.js';
import { parseEnv } from './parse-env.js';
import { readConfigFile } from './read-config-file.js';
import { readEnv } from './read-env.js';
import { RuntimeSettings } from './runtime-settings.js';
import { SlackSettings } from './slack-settings.js';

export { ConfigError } from './config-error.js';
export type { ConfigFiles } from './config-files.js';
export { nodeFiles } from './config-files.js';

export type ConfigResult =
  | { ok: true; config: Config; warnings: string[] }
  | { ok: false; error: ConfigError };

/**
 * Reads `.env` (the real `env` wins), then overseer.yml (`OVERSEER_CONFIG`), with the environment
 * overriding the file. Every problem found ends up in one ConfigError; nothing is thrown.
 */
export function loadConfig(env: Record<string, string | undefined>, files: ConfigFiles): ConfigResult {
  const { vars, problems } = readEnv(env, files);
  const slack = parseEnv(SlackSettings, vars, problems);
  const github = parseEnv(GithubSettings, vars, problems);
  const runtime = parseEnv(RuntimeSettings, vars, problems);
  const overrides = parseEnv(EnvOverrides, vars, problems);
  const file = readConfigFile(vars, files);
  problems.push(...file.problems);

  if (!slack || !github || !runtime || !overrides || !file.settings || problems.length > 0) {
    const nothingWatched = vars.OVERSEER_REPO === undefined && !file.listsRepos;
    return { ok: false, error: new ConfigError(problems, nothingWatched ? [NOTHING_WATCHED] : []) };
  }
  const { cwd } = files;
  const config = mergeSettings({
    slack,
    github,
    runtime,
    overrides,
    file: file.settings,
    cwd,
    configPath: file.configPath,
  });
  return { ok: true, config, warnings: collectWarnings(vars, config) };
}
