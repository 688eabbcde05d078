import { formatSpan } from '../../core/domain/format-span.js';
import type { WatchRef } from '../../core/domain/types.js';
import {
  type DecisionAction,
  type DecisionRule,
  describeRule,
  type EventKind,
  ruleMatches,
} from './decision-rule.js';

export type { DecisionAction, DecisionRule, EventKind } from './decision-rule.js';

/**
 * What happened, with what the defaults need to know. `redCommits` counts the episode's red commits,
 * the first one included (an incident's `1 + laterRedShas.length`); `cycles` counts consecutive
 * check cycles the trouble has lasted.
 */
export type DecisionEvent =
  | {
      readonly kind: 'regression' | 'recovered' | 'flaky' | 'fix-failed' | 'fix-regressed';
      readonly watch: WatchRef;
    }
  | {
      readonly kind: 'still-red';
      readonly watch: WatchRef;
      readonly redForMs: number;
      readonly redCommits: number;
    }
  | {
      readonly kind: 'loop-stalled' | 'github-unreachable';
      readonly cycles: number;
      readonly watch?: WatchRef;
    };

/**
 * Where the word goes, fixed by the kind of event whatever was decided: `incident` is the incident
 * (its message, thread and escalation), `thread` its thread alone (CI is green or about to be, so
 * nobody is chased), `admins` a direct message to the admins (no incident is about the loop itself).
 */
export type Audience = 'incident' | 'thread' | 'admins';

export interface Decision {
  readonly action: DecisionAction;
  readonly to: Audience;
  /** Words a person reads to learn why: "still red for 2h 10m (more than 2h)". */
  readonly reason: string;
}

export interface DecisionLimits {
  /** Red for longer than this (strictly) while still red: barge in. */
  readonly stillRedMs: number;
  /** Red across this many commits or more: barge in. */
  readonly stillRedCommits: number;
  /** The loop stalled, or GitHub unreachable, for this many cycles or more: tell the admins. */
  readonly outageCycles: number;
}

export const DEFAULT_DECISION_LIMITS: DecisionLimits = {
  stillRedMs: 2 * 60 * 60_000,
  stillRedCommits: 3,
  outageCycles: 3,
};

const AUDIENCE: { readonly [K in EventKind]: Audience } = {
  regression: 'incident',
  'still-red': 'incident',
  recovered: 'thread',
  flaky: 'thread',
  'fix-failed': 'incident',
  'fix-regressed': 'incident',
  'loop-stalled': 'admins',
  'github-unreachable': 'admins',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * A red that outlasts the usual schedule, or that newer commits keep failing, needs someone now:
 * the waits were meant for a red that might fix itself. "More than 2h" is strict, so a check that
 * lands exactly on 2h does not page; 3 commits means the third red commit pages.
 */
function stillRedDefault(
  event: Extract<DecisionEvent, { kind: 'still-red' }>,
  limits: DecisionLimits,
): Omit<Decision, 'to'> {
  const long = event.redForMs > limits.stillRedMs;
  const many = event.redCommits >= limits.stillRedCommits;
  const forText = `for ${formatSpan(event.redForMs)}`;
  const acrossText = `across ${plural(event.redCommits, 'commit')}`;
  if (!long && !many) {
    const limitText = `after more than ${formatSpan(limits.stillRedMs)} or at ${limits.stillRedCommits} commits`;
    return { action: 'notify', reason: `still red ${forText} ${acrossText} (barge in ${limitText})` };
  }
  const why: string[] = [];
  if (long) why.push(`${forText} (more than ${formatSpan(limits.stillRedMs)})`);
  if (many) why.push(`${acrossText} (${limits.stillRedCommits} or more)`);
  return { action: 'barge_in', reason: `still red ${why.join(' ')}` };
}

/** A blip of a cycle or two mends itself; only an outage that lasts is worth a DM. */
function outageDefault(
  event: Extract<DecisionEvent, { kind: 'loop-stalled' | 'github-unreachable' }>,
  limits: DecisionLimits,
): Omit<Decision, 'to'> {
  const what = event.kind === 'loop-stalled' ? 'the check loop stalled' : 'GitHub unreachable';
  const lasted = `${what} for ${plural(event.cycles, 'cycle')}`;
  if (event.cycles < limits.outageCycles) {
    return { action: 'ignore', reason: `${lasted} (admins are told at ${limits.outageCycles})` };
  }
  return {
    action: 'notify',
    reason: `${lasted} (${limits.outageCycles} or more): admins are told by DM`,
  };
}

function byDefault(event: DecisionEvent, limits: DecisionLimits): Omit<Decision, 'to'> {
  switch (event.kind) {
    case 'regression':
      return { action: 'notify', reason: 'CI turned red: a new incident, escalated on the usual schedule' };
    case 'still-red':
      return stillRedDefault(event, limits);
    case 'recovered':
      return { action: 'notify', reason: 'CI is green again: told in the thread, escalation ends' };
    case 'flaky':
      return { action: 'queue', reason: 'a flaky failure (green on a re-run): kept for the daily digest' };
    case 'fix-failed':
      return { action: 'barge_in', reason: 'the fix failed: paging now' };
    case 'fix-regressed':
      return { action: 'barge_in', reason: 'the fix made CI worse: paging now' };
    case 'loop-stalled':
    case 'github-unreachable':
      return outageDefault(event, limits);
  }
}

/**
 * How loudly to tell people about one event. The configured rules are tried in order and the
 * first that matches decides, before any default; a team that wants flakes of one repo ignored,
 * or regressions on release branches paged at once, says so there. The decision names its reason
 * (the rule, or the default and its threshold) so a person can see why they were paged or not.
 */
export function decide(
  event: DecisionEvent,
  rules: readonly DecisionRule[],
  limits: DecisionLimits = DEFAULT_DECISION_LIMITS,
): Decision {
  const to = AUDIENCE[event.kind];
  for (const [index, rule] of rules.entries()) {
    if (ruleMatches(rule, event.kind, event.watch)) {
      return { action: rule.action, to, reason: describeRule(rule, index + 1) };
    }
  }
  return { ...byDefault(event, limits), to };
}
