import type { FixPlan } from './fix-task.js';

/** A repo's `fix` settings: how its red CI is remedied. */
export interface FixSettings {
  readonly strategy: FixPlan['strategy'];
  /** dispatch: the fix workflow's file. */
  readonly workflow?: string;
  /** issue: the GitHub login the issue is assigned to; dispatch: who the workflow opens its pull request as. */
  readonly assignee?: string;
  /** More GitHub logins (bots such as `renovate[bot]`) whose pull requests may be the fix. */
  readonly authors?: readonly string[];
}
