import {
  type EscalationPolicy,
  type FrozenPolicy,
  type FrozenStep,
  freezePolicy,
} from './escalation-policy.js';

/**
 * The escalation of one incident: its frozen policy and where it stands. Kept in the incident,
 * so every change is part of the incident's own compare-and-set.
 */
export interface EscalationState {
  readonly policy: FrozenPolicy;
  /** Epoch ms; every step's `after` counts from here. */
  readonly openedAt: number;
  /**
   * The fencing token: it changes whenever steps must stop (acknowledged, resolved), and names the
   * opening, so no token of an earlier incident is ever current for a later one. A step carries
   * the token it was taken under; one whose token is no longer current does nothing.
   */
  readonly token: string;
  readonly acknowledged?: { readonly by: string; readonly at: number };
  readonly resolvedAt?: number;
  /** Keys of the steps already fired (or fired early by a barge-in). */
  readonly fired: readonly string[];
}

export interface ScheduledStep {
  /** `r<round>s<step index>`: stable, so a due-time queue and the fired list name it alike. */
  readonly key: string;
  /** 0 for the first run of the list; 1..repeat for the repeats. */
  readonly round: number;
  /** When it is due (epoch ms). */
  readonly at: number;
  readonly step: FrozenStep;
}

export interface DueStep extends ScheduledStep {
  readonly token: string;
}

/** Derived from the state, so each change that stops steps changes it exactly once. */
function tokenOf(state: Omit<EscalationState, 'token'>): string {
  if (state.resolvedAt !== undefined) return `${state.openedAt}:resolved`;
  if (state.acknowledged !== undefined) return `${state.openedAt}:acknowledged`;
  return `${state.openedAt}:open`;
}

function stopped(state: EscalationState): boolean {
  return state.acknowledged !== undefined || state.resolvedAt !== undefined;
}

/** Every step of every round, in time order (rounds never overlap: see the repeat rule). */
export function* schedule(state: EscalationState): Generator<ScheduledStep> {
  const { steps, repeat, roundMs } = state.policy;
  for (let round = 0; round <= repeat; round += 1) {
    for (const [index, step] of steps.entries()) {
      yield { key: `r${round}s${index}`, round, at: state.openedAt + round * roundMs + step.afterMs, step };
    }
  }
}

/** A new incident's escalation: `policy` copied as it stands now, nothing fired. */
export function openEscalation(policy: EscalationPolicy, openedAt: number): EscalationState {
  const opened = { policy: freezePolicy(policy), openedAt, fired: [] };
  return { ...opened, token: tokenOf(opened) };
}

/**
 * The steps due at `now` and not fired yet, oldest first. After a pause in checking (a restart,
 * an outage) every step owed is due at once, each exactly once. None after an acknowledgement or
 * resolution.
 */
export function dueSteps(state: EscalationState, now: number): DueStep[] {
  if (stopped(state)) return [];
  const due: DueStep[] = [];
  for (const scheduled of schedule(state)) {
    if (scheduled.at > now) break;
    if (!state.fired.includes(scheduled.key)) due.push({ ...scheduled, token: state.token });
  }
  return due;
}

/** The first step still to come after `now`: "next: DM to on-call in 12 min", and the next wake-up. */
export function nextStep(state: EscalationState, now: number): ScheduledStep | undefined {
  if (stopped(state)) return undefined;
  for (const scheduled of schedule(state)) {
    if (scheduled.at > now && !state.fired.includes(scheduled.key)) return scheduled;
  }
  return undefined;
}

/** `key` recorded as fired; the same state when it already was, so the caller can skip a write. */
export function markFired(state: EscalationState, key: string): EscalationState {
  if (state.fired.includes(key)) return state;
  return { ...state, fired: [...state.fired, key] };
}

/** Someone is on it: no further step fires. The first acknowledgement stands. */
export function acknowledge(state: EscalationState, by: string, at: number): EscalationState {
  if (stopped(state)) return state;
  const acked = { ...state, acknowledged: { by, at } };
  return { ...acked, token: tokenOf(acked) };
}

/** CI is green again: no further step fires, and steps taken before are stale. */
export function resolve(state: EscalationState, at: number): EscalationState {
  if (state.resolvedAt !== undefined) return state;
  const resolved = { ...state, resolvedAt: at };
  return { ...resolved, token: tokenOf(resolved) };
}

/** Whether a step taken under `token` may still act: false once acknowledged, resolved or replaced. */
export function isCurrent(state: EscalationState, token: string): boolean {
  return state.token === token;
}
