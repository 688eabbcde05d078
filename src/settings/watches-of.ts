import type { Config } from './config.js';

/**
 * The configured watches, each with its escalation policy (its own steps, or the global ones;
 * frozen into each incident when it opens) and the decision rules.
 */
export function watchesOf(config: Pick<Config, 'repos' | 'escalation' | 'repeat' | 'rules'>) {
  return config.repos.map((repo) => ({
    ...repo,
    policy: { steps: repo.escalation ?? config.escalation, repeat: config.repeat },
    rules: config.rules,
  }));
}
