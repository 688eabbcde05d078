import { resolve } from 'node:path';
import { type Config, type FileConfig, type Oncall, RepoWatch } from './config.js';
import type { EnvOverrides } from './env-overrides.js';
import type { GithubSettings } from './github-settings.js';
import type { RuntimeSettings } from './runtime-settings.js';
import type { SlackSettings } from './slack-settings.js';

export interface SettingsParts {
  readonly slack: SlackSettings;
  readonly github: GithubSettings;
  readonly runtime: RuntimeSettings;
  readonly overrides: EnvOverrides;
  readonly file: FileConfig;
  readonly cwd: string;
  readonly configPath?: string | undefined;
}

/** The environment wins over the file; the file over the defaults (already in `file`). */
export function mergeSettings({
  slack,
  github,
  runtime,
  overrides: env,
  file,
  cwd,
  configPath,
}: SettingsParts): Config {
  const { store } = runtime;
  const approvers = env.OVERSEER_APPROVERS ?? file.approvers;
  return {
    ...file,
    slack,
    github,
    port: runtime.port,
    store: store.kind === 'embedded' ? { kind: 'embedded', dataDir: resolve(cwd, store.dataDir) } : store,
    schedule: env.OVERSEER_SCHEDULE ?? file.schedule,
    selfHeal: {
      enabled: env.OVERSEER_SELF_HEAL_ENABLED ?? file.selfHeal.enabled,
      originate: env.OVERSEER_ORIGINATE_ENABLED ?? file.selfHeal.originate,
      maxPerCycle: env.OVERSEER_MAX_PER_CYCLE ?? file.selfHeal.maxPerCycle,
      maxOpenTasks: env.OVERSEER_MAX_OPEN_TASKS ?? file.selfHeal.maxOpenTasks,
    },
    approvers,
    admins: env.OVERSEER_ADMINS ?? file.admins ?? approvers,
    rerunBy: env.OVERSEER_RERUN_BY ?? file.rerunBy,
    oncall: mergeOncall(file.oncall, env.OVERSEER_ONCALL),
    repos: mergeRepos(file.repos, envRepo(env)),
    storms: {
      window: env.OVERSEER_STORM_WINDOW ?? file.storms.window,
      githubStatus: env.OVERSEER_GITHUB_STATUS ?? file.storms.githubStatus,
      statusUrl: env.OVERSEER_GITHUB_STATUS_URL,
    },
    logLevel: runtime.logLevel,
    ...(configPath === undefined ? {} : { configPath }),
  };
}

/** OVERSEER_ONCALL replaces who is on call; rotation and start still come from the file. */
function mergeOncall(file: Oncall, env: EnvOverrides['OVERSEER_ONCALL']): Oncall {
  if (env === undefined) return file;
  const { rotation, start } = file;
  return { ...env, rotation, ...(start === undefined ? {} : { start }) };
}

/** The one-repo watch of OVERSEER_REPO, with the defaults of a file entry. */
function envRepo(env: EnvOverrides): RepoWatch | undefined {
  if (env.OVERSEER_REPO === undefined || env.OVERSEER_CHANNEL === undefined) return undefined;
  return RepoWatch.parse({
    repo: env.OVERSEER_REPO,
    channel: env.OVERSEER_CHANNEL,
    ...(env.OVERSEER_WORKFLOW === undefined ? {} : { workflow: env.OVERSEER_WORKFLOW }),
    ...(env.OVERSEER_BRANCH === undefined ? {} : { branch: env.OVERSEER_BRANCH }),
  });
}

/** The OVERSEER_REPO watch comes first and replaces a file entry for the same repo and workflow. */
function mergeRepos(file: RepoWatch[], env: RepoWatch | undefined): RepoWatch[] {
  if (env === undefined) return file;
  const sameRepoAndWorkflow = (repo: RepoWatch) =>
    repo.repo.toLowerCase() === env.repo.toLowerCase() && repo.workflow === env.workflow;
  return [env, ...file.filter((repo) => !sameRepoAndWorkflow(repo))];
}
