import { type DueStep, type EscalationState, schedule } from './escalation.js';
import type { FrozenStep, StepAction } from './escalation-policy.js';

export interface BargeIn {
  /** With the paged steps recorded as fired, so the schedule does not page for them again. */
  readonly state: EscalationState;
  /** To fire now; empty when someone acknowledged or CI recovered. */
  readonly steps: readonly DueStep[];
}

const HERE: StepAction = { via: 'mention', to: 'here' };

const pagesPeople = (step: FrozenStep) =>
  step.actions.some((action) => action.to === 'oncall' || action.to === 'author');

const mentionsHere = (step: FrozenStep) =>
  step.actions.some((action) => action.via === 'mention' && action.to === 'here');

/**
 * Page now, skipping the waits: the steps of the round under way (the round of the first step not
 * fired) that reach on-call or the suspected authors fire at once, whole, with `@here` added to
 * the first unless one of them already has it. Steps for anyone else (a manager at 60m) keep
 * their time: a barge-in hurries the people who can fix CI, not the chain of command.
 * When no such step is left (all fired, or the policy never names them), a page of its own,
 * `b<n>`, mentions `@here` and on-call in the thread: a barge-in never pages nobody.
 */
export function bargeIn(state: EscalationState, now: number): BargeIn {
  if (state.acknowledged !== undefined || state.resolvedAt !== undefined) return { state, steps: [] };
  const unfired = [...schedule(state)].filter((scheduled) => !state.fired.includes(scheduled.key));
  const round = unfired[0]?.round ?? state.policy.repeat;
  const pages = unfired.filter((scheduled) => scheduled.round === round && pagesPeople(scheduled.step));
  const steps: DueStep[] = pages.map((scheduled) => ({ ...scheduled, at: now, token: state.token }));
  const [first, ...rest] = steps;
  if (first === undefined) {
    const key = `b${state.fired.filter((fired) => fired.startsWith('b')).length}`;
    const actions: StepAction[] = [HERE, { via: 'mention', to: 'oncall' }];
    const page = {
      key,
      round,
      at: now,
      token: state.token,
      step: { afterMs: now - state.openedAt, actions },
    };
    return { state: { ...state, fired: [...state.fired, key] }, steps: [page] };
  }
  const withHere = steps.some((due) => mentionsHere(due.step))
    ? steps
    : [{ ...first, step: { ...first.step, actions: [...first.step.actions, HERE] } }, ...rest];
  return { state: { ...state, fired: [...state.fired, ...steps.map((due) => due.key)] }, steps: withHere };
}
