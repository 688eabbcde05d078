import type { EscalationPolicy } from '../../../src/escalation/domain/escalation-policy.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const T0 = Date.UTC(2026, 10, 20, 10, 0);
export const MANAGER = 'U0MANAGER';

/** CONTRACT.md section 3's example: post, mention on-call at 15m, DM at 30m, manager and @here at 60m. */
export function contractPolicy(repeat = 1): EscalationPolicy {
  return {
    steps: [
      { afterMs: 0, notify: 'channel' },
      { afterMs: 15 * MIN, mention: 'oncall' },
      { afterMs: 30 * MIN, dm: 'oncall' },
      { afterMs: 60 * MIN, dm: [MANAGER], mention: 'here' },
    ],
    repeat,
  };
}

/** With repeat 1 the contract policy runs two rounds 90 minutes apart: every step, in minutes. */
export const CONTRACT_SCHEDULE: ReadonlyArray<readonly [string, number]> = [
  ['r0s0', 0],
  ['r0s1', 15],
  ['r0s2', 30],
  ['r0s3', 60],
  ['r1s0', 90],
  ['r1s1', 105],
  ['r1s2', 120],
  ['r1s3', 150],
];
