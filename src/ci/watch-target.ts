import type { WatchRef } from '../core/domain/types.js';
import type { DecisionRule } from '../escalation/domain/decision-rule.js';
import type { EscalationPolicy } from '../escalation/domain/escalation-policy.js';
import type { FixSettings } from '../fix-tasks/domain/fix-settings.js';

/** A watch as the use cases act on it: which CI to read and where to talk about it. */
export interface WatchTarget {
  readonly watch: WatchRef;
  readonly channel: string;
  /** GitHub login -> Slack user ID, consulted before any e-mail lookup. */
  readonly users: Readonly<Record<string, string>>;
  /** The escalation policy frozen into each new incident; absent, incidents are not escalated. */
  readonly policy?: EscalationPolicy;
  /** The configured decision rules, tried in order before the defaults; absent, the defaults. */
  readonly rules?: readonly DecisionRule[];
  /** Each incident gets a Slack channel of its own (the repo's `incidentChannels`). */
  readonly incidentChannels?: boolean;
  /** Re-run failed jobs once before paging: never, for failures seen flaky, or always. */
  readonly flakeRetry?: 'off' | 'known' | 'all';
  /** How its red CI is remedied (its config entry's `fix`); absent, `rerun`. See fix-of.ts. */
  readonly fix?: FixSettings;
}
