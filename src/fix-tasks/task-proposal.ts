import type { WatchDoc } from '../ci/index.js';
import type { TaskProposal } from './domain/task-proposal.js';

/**
 * The document `after` one transition, with a task proposal owed when the transition made its
 * current incident one people are told about: opened and posted (any way: a regression, a red
 * after a failed or timed-out automatic re-run), or a quiet incident woken by a barge-in. An
 * incident recorded quietly (decided `ignore` or `queue`) is owed none. Pure.
 */
export type { TaskProposal };

export function oweTaskProposal(before: WatchDoc, after: WatchDoc, now: number): WatchDoc {
  const slot = after.current;
  if (slot === undefined || slot.task !== undefined || slot.proposal !== undefined) return after;
  const { incident } = slot;
  if (incident.status !== 'open' || incident.quiet === true) return after;
  const earlier = before.current?.incident;
  const opened = earlier?.id !== incident.id;
  const woken = !opened && earlier?.quiet === true;
  if (!opened && !woken) return after;
  return { ...after, current: { ...slot, proposal: { since: now, tries: 0 } } };
}
