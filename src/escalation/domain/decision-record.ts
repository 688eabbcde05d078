import type { Decision, DecisionAction, EventKind } from './decision.js';

/** One decision as the incident keeps it: what happened, what was done about it, why, and when. */
export interface DecisionRecord {
  readonly event: EventKind;
  readonly action: DecisionAction;
  readonly reason: string;
  /** Epoch ms. */
  readonly at: number;
}

/** How many decisions an incident keeps, newest last: enough to tell its story, bounded. */
export const KEPT_DECISIONS = 5;

/** The decisions with `decision` about `event` added last, the oldest dropped past KEPT_DECISIONS. */
export function recordDecision(
  decisions: readonly DecisionRecord[] | undefined,
  event: EventKind,
  decision: Decision,
  at: number,
): readonly DecisionRecord[] {
  const record: DecisionRecord = { event, action: decision.action, reason: decision.reason, at };
  return [...(decisions ?? []), record].slice(-KEPT_DECISIONS);
}
