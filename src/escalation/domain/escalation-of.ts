import { dueSteps, type EscalationState, markFired, openEscalation } from './escalation.js';
import type { EscalationPolicy } from './escalation-policy.js';

/**
 * The escalation of an incident opening now. The first round's steps due at once that only post
 * to the channel are the incident message itself: recorded as fired with it, so they cost no
 * second look (and the default policy, that one step alone, schedules nothing).
 */
export function escalationOf(policy: EscalationPolicy, now: number): EscalationState {
  let state = openEscalation(policy, now);
  for (const due of dueSteps(state, now)) {
    const postOnly = due.step.actions.every((action) => action.via === 'post');
    if (due.round === 0 && postOnly) state = markFired(state, due.key);
  }
  return state;
}
