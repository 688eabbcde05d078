import type { Config } from './config.js';
import { NOTHING_WATCHED } from './config-error.js';
import { EnvOverrides } from './env-overrides.js';

const KNOWN_OVERSEER_VARIABLES = new Set([
  'OVERSEER_CONFIG',
  'OVERSEER_DATA_DIR',
  ...Object.keys(EnvOverrides.shape),
]);

const REPO_PARTS = ['OVERSEER_WORKFLOW', 'OVERSEER_BRANCH', 'OVERSEER_CHANNEL'];

/** Settings that load but are probably not what the operator meant. Names only, never values. */
export function collectWarnings(vars: Record<string, string>, config: Config): string[] {
  const warnings: string[] = [];
  for (const name of Object.keys(vars)) {
    if (name.startsWith('OVERSEER_') && !KNOWN_OVERSEER_VARIABLES.has(name)) {
      warnings.push(
        `${name} is not an Overseer setting and is ignored; check its spelling against .env.example`,
      );
    }
    if (REPO_PARTS.includes(name) && vars.OVERSEER_REPO === undefined) {
      warnings.push(`${name} is ignored without OVERSEER_REPO`);
    }
  }
  if (config.github.auth.kind === 'app' && vars.GITHUB_TOKEN !== undefined) {
    warnings.push('GITHUB_TOKEN is ignored: the GitHub App (GITHUB_APP_ID and friends) is used instead');
  }
  if (config.github.webhookSecret === undefined) {
    warnings.push(
      'GITHUB_WEBHOOK_SECRET is unset: GitHub webhooks are refused (401); CI is read by the schedule only',
    );
  }
  if (config.selfHeal.originate && !config.selfHeal.enabled) {
    warnings.push(
      'Originating fix tasks is on but self-heal is off, so nothing happens: turn on selfHeal.enabled',
    );
  }
  if (config.selfHeal.enabled && config.selfHeal.originate && config.approvers.length === 0) {
    warnings.push('No approvers are set, so nobody can Approve & Start a fix task: set OVERSEER_APPROVERS');
  }
  if (config.rerunBy === 'approvers' && config.approvers.length === 0) {
    warnings.push(
      'Re-runs are limited to approvers but none are set, so nobody can re-run: set OVERSEER_APPROVERS',
    );
  }
  if (config.repos.length === 0) warnings.push(NOTHING_WATCHED);
  return warnings;
}
