import { matchesGlob } from '../../core/domain/glob.js';
import type { WatchRef } from '../../core/domain/types.js';

/** What can happen that someone may need to hear about. */
export const EVENT_KINDS = [
  'regression',
  'still-red',
  'recovered',
  'flaky',
  'fix-failed',
  'fix-regressed',
  'loop-stalled',
  'github-unreachable',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * - `execute_silent`: act, and tell afterwards in the incident thread;
 * - `barge_in`: page now, skipping the escalation's waits;
 * - `notify`: post, and escalate on the usual schedule;
 * - `queue`: collect into the daily digest;
 * - `ignore`: nothing.
 */
export const DECISION_ACTIONS = ['execute_silent', 'barge_in', 'notify', 'queue', 'ignore'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/**
 * One line of the configured rules. Every field it names must match; a field it leaves out matches
 * anything. `repo`, `branch` and `workflow` are patterns (`matchesGlob`: `acme/*`, `release/**`,
 * or an exact name; repos without regard to case). A rule naming any of them never matches an
 * event that concerns no watch (the loop stalled, GitHub unreachable).
 */
export interface DecisionRule {
  readonly repo?: string;
  readonly branch?: string;
  readonly workflow?: string;
  /** One kind or several; left out, every kind. */
  readonly event?: EventKind | readonly EventKind[];
  readonly action: DecisionAction;
}

function kindsOf(rule: DecisionRule): readonly EventKind[] | undefined {
  if (rule.event === undefined) return undefined;
  return typeof rule.event === 'string' ? [rule.event] : rule.event;
}

export function ruleMatches(rule: DecisionRule, kind: EventKind, watch: WatchRef | undefined): boolean {
  const kinds = kindsOf(rule);
  if (kinds !== undefined && !kinds.includes(kind)) return false;
  const fields: ReadonlyArray<readonly [string | undefined, keyof WatchRef]> = [
    [rule.repo, 'repo'],
    [rule.branch, 'branch'],
    [rule.workflow, 'workflow'],
  ];
  for (const [pattern, field] of fields) {
    if (pattern === undefined) continue;
    if (watch === undefined) return false;
    if (!matchesGlob(pattern, watch[field], { ignoreCase: field === 'repo' })) return false;
  }
  return true;
}

/** `rule 2: repo acme/* flaky → ignore`: the rule as it was written, so a person can find it. */
export function describeRule(rule: DecisionRule, position: number): string {
  const parts: string[] = [];
  if (rule.repo !== undefined) parts.push(`repo ${rule.repo}`);
  if (rule.branch !== undefined) parts.push(`branch ${rule.branch}`);
  if (rule.workflow !== undefined) parts.push(`workflow ${rule.workflow}`);
  parts.push(kindsOf(rule)?.join(' or ') ?? 'any event');
  return `rule ${position}: ${parts.join(' ')} → ${rule.action}`;
}
