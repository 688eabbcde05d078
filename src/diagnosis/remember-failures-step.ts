import type { Decide } from '../ci/index.js';
import { outcomeOf, rememberOpening, rememberOutcome } from './remember-failures.js';

/** A task whose fix counts for the failure memory when the incident resolves. */
const FIXING_STATES: ReadonlySet<string> = new Set(['running', 'merged', 'verified']);

/**
 * Diagnosis's `decide`, pure, run before escalation's: the failure memory follows the step. An
 * incident that opened in it says whether its failure was seen before (with a link to the
 * earlier incident's message when Slack gave one) and its fingerprints are remembered; one that
 * resolved in it records how it ended (flaky, fixed by its task, or recovered) and where its
 * message is.
 */
export const rememberFailuresStep: Decide = (_target, before, next, _event, now, facts) => {
  const incident = next?.current?.incident;
  if (next === undefined || incident === undefined) return next;
  const was = before.current;
  if (was?.incident.id !== incident.id) return rememberOpening(next, incident, facts, now);
  if (was.incident.status !== 'open' || incident.status === 'open') return next;
  const fixedBy = was.task && FIXING_STATES.has(was.task.state) ? was.task.id : undefined;
  return rememberOutcome(next, incident.id, outcomeOf(incident, fixedBy), now, was.message);
};
