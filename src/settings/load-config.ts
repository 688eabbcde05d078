import type { z } from 'zod';
import { collectWarnings } from './collect-warnings.js';
import type { Config } from './config.js';
import { ConfigError, NOTHING_WATCHED } from './config-error.js';
import type { ConfigFiles } from './config-files.js';
import { describeIssues } from './describe-issues.js';
import { EnvOverrides } from './env-overrides.js';
import { GithubSettings } from './github-settings.js';
import { mergeSettings } from './merge-settings.js';
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

/** Their values never appear in a problem or a warning, not even in part. */
const SECRET_VARIABLES = new Set([
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'GITHUB_TOKEN',
  'GITHUB_APP_PRIVATE_KEY',
  'GITHUB_WEBHOOK_SECRET',
  'REDIS_URL',
]);

/**
 * Reads `.env` (the real `env` wins), then overseer.yml (`OVERSEER_CONFIG`), with the environment
 * overriding the file. Every problem found ends up in one ConfigError; nothing is thrown.
 */
export function loadConfig(env: Record<string, string | undefined>, files: ConfigFiles): ConfigResult {
  const { vars, problems } = readEnv(env, files);
  /** Parses with a schema keyed by variable name; a failure adds one problem per variable. */
  const parseEnv = <Schema extends z.ZodType>(schema: Schema): z.output<Schema> | undefined => {
    const result = schema.safeParse(vars);
    if (result.success) return result.data;
    const isSecret = (path: readonly PropertyKey[]) => SECRET_VARIABLES.has(String(path[0]));
    for (const { path, message } of describeIssues(result.error, vars, isSecret)) {
      problems.push(`${String(path[0])}: ${message}`);
    }
    return undefined;
  };
  const slack = parseEnv(SlackSettings);
  const github = parseEnv(GithubSettings);
  const runtime = parseEnv(RuntimeSettings);
  const overrides = parseEnv(EnvOverrides);
  const file = readConfigFile(vars, files);
  problems.push(...file.problems);

  if (!slack || !github || !runtime || !overrides || !file.settings || problems.length > 0) {
    const nothingWatched = vars.OVERSEER_REPO === undefined && !file.listsRepos;
    return { ok: false, error: new ConfigError(problems, nothingWatched ? [NOTHING_WATCHED] : []) };
  }
  const config = mergeSettings({
    slack,
    github,
    runtime,
    overrides,
    file: file.settings,
    cwd: files.cwd,
    configPath: file.configPath,
  });
  return { ok: true, config, warnings: collectWarnings(vars, config) };
}
