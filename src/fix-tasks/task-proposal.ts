import type { WatchDoc } from '../ci/watch-doc.js';

/**
 * A fix task owed to an incident: recorded in the compare-and-set that opened (or woke) it, and
 * taken out by the write that records the task or says why none is opened. A crash or a GitHub
 * failure in between leaves it owed, so the next look proposes it again; one that cannot succeed
 * is set aside with its reason instead of being tried forever.
 */
export interface TaskProposal {
  /** Epoch ms: when the proposal became owed. */
  readonly since: number;
  /** Failed attempts so far. */
  readonly tries: number;
  /** The last failure's cause (`http 502`), in words safe to show. */
  readonly lastError?: string;
  /** Given up, and why: nothing more is tried for this incident. */
  readonly setAside?: string;
}

/**
 * The document `after` one transition, with a task proposal owed when the transition made its
 * current incident one people are told about: opened and posted (any way: a regression, a red
 * after a failed or timed-out automatic re-run), or a quiet incident woken by a barge-in. An
 * incident recorded quietly (decided `ignore` or `queue`) is owed none. Pure.
 */
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
