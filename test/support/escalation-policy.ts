import type { EscalationPolicy } from '../../src/escalation/domain/escalation-policy.js';

export const MIN = 60_000;
/** The on-call person the escalation tests page. */
export const ONCALL = 'U0OLIVE';

/** overseer.yml: 0m notify channel (the incident message), 15m mention on-call, 30m DM on-call. */
export const MENTION_THEN_DM: EscalationPolicy = {
  steps: [
    { afterMs: 0, notify: 'channel' },
    { afterMs: 15 * MIN, mention: 'oncall' },
    { afterMs: 30 * MIN, dm: 'oncall' },
  ],
  repeat: 0,
};
