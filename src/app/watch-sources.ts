import type { CiProvider } from './ports.js';
import type { WatchTargetSource } from './run-cycle.js';
import type { WatchTarget } from './watch-target.js';

export interface WatchSetting {
  readonly repo: string;
  readonly workflow: string;
  readonly branch?: string;
  readonly channel: string;
  readonly users: Readonly<Record<string, string>>;
}

/**
 * The configured watches. A watch without a branch takes the repo's default branch as GitHub
 * reports it, asked once and remembered; a failed ask is retried at the next check.
 */
export function createWatchSources(settings: readonly WatchSetting[], ci: Pick<CiProvider, 'defaultBranch'>) {
  return settings.map((setting): WatchTargetSource => {
    let resolved: WatchTarget | undefined;
    return {
      repo: setting.repo,
      workflow: setting.workflow,
      peek: () => resolved,
      async resolve() {
        if (resolved) return resolved;
        const branch = setting.branch ?? (await ci.defaultBranch(setting.repo));
        resolved = {
          watch: { repo: setting.repo, workflow: setting.workflow, branch },
          channel: setting.channel,
          users: setting.users,
        };
        return resolved;
      },
    };
  });
}
