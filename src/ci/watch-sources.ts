import type { CiProvider } from '../core/ports.js';
import type { DecisionRule } from '../escalation/domain/decision-rule.js';
import type { EscalationPolicy } from '../escalation/domain/escalation-policy.js';
import type { WatchTargetSource } from './run-cycle.js';
import type { WatchTarget } from './watch-target.js';

export interface WatchSetting {
  readonly repo: string;
  readonly workflow: string;
  readonly branch?: string;
  readonly channel: string;
  readonly users: Readonly<Record<string, string>>;
  readonly policy?: EscalationPolicy;
  readonly rules?: readonly DecisionRule[];
  readonly incidentChannels?: boolean;
  readonly flakeRetry?: WatchTarget['flakeRetry'];
  readonly fix?: WatchTarget['fix'];
}

/**
 * How long a looked-up default branch is trusted. Asking again costs nothing against the rate
 * limit (a conditional GET answered 304), and picks up a branch renamed on GitHub, whose old runs
 * keep the old name and would otherwise freeze the watch on them.
 */
export const DEFAULT_BRANCH_TTL_MS = 60 * 60_000;

/**
 * The configured watches. A watch without a branch takes the repo's default branch as GitHub
 * reports it, remembered for DEFAULT_BRANCH_TTL_MS, or until a check finds no run on it (see
 * checkAndRecord). A failed ask is retried at the next check; meanwhile a branch known before
 * is kept.
 */
export function createWatchSources(
  settings: readonly WatchSetting[],
  ci: Pick<CiProvider, 'defaultBranch'>,
  now: () => number = Date.now,
) {
  return settings.map((setting): WatchTargetSource => {
    let resolved: WatchTarget | undefined;
    let resolvedAt = 0;
    const target = (branch: string): WatchTarget => ({
      watch: { repo: setting.repo, workflow: setting.workflow, branch },
      channel: setting.channel,
      users: setting.users,
      ...(setting.policy === undefined ? {} : { policy: setting.policy }),
      ...(setting.rules === undefined ? {} : { rules: setting.rules }),
      ...(setting.incidentChannels ? { incidentChannels: true } : {}),
      ...(setting.flakeRetry === undefined ? {} : { flakeRetry: setting.flakeRetry }),
      ...(setting.fix === undefined ? {} : { fix: setting.fix }),
    });
    if (setting.branch !== undefined) resolved = target(setting.branch);
    return {
      repo: setting.repo,
      workflow: setting.workflow,
      channel: setting.channel,
      peek: () => resolved,
      forget: () => {
        if (setting.branch === undefined) resolvedAt = 0;
      },
      async resolve() {
        if (resolved && (setting.branch !== undefined || now() - resolvedAt < DEFAULT_BRANCH_TTL_MS)) {
          return resolved;
        }
        try {
          const branch = await ci.defaultBranch(setting.repo);
          if (resolved?.watch.branch !== branch) resolved = target(branch);
          resolvedAt = now();
          return resolved;
        } catch (error) {
          if (resolved) return resolved;
          throw error;
        }
      },
    };
  });
}
