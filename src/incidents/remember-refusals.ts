import type { AckOutcome } from './acknowledge-incident.js';

/** How long a refused acknowledgement is answered from memory instead of the store. */
export const REFUSAL_MEMORY_MS = 10_000;
/** Most incidents remembered for that (the least recently refused forgotten first). */
const REMEMBERED = 1_000;

type Acknowledge = (incidentId: string, userId: string) => Promise<AckOutcome>;

/**
 * `acknowledge`, answering a repeat from memory: once an incident was acknowledged (here) or an
 * acknowledgement of it was refused as already acknowledged or resolved, every acknowledgement of
 * it for the next REFUSAL_MEMORY_MS is refused alike without reading the store. An incident never
 * goes back to unacknowledged or open, so the answer holds; the one thing the memory can miss is a
 * resolution by another replica in those seconds, said then as "already acknowledged". Only
 * refusals are remembered: an acknowledgement that may succeed always reads and writes the store.
 */
export function rememberRefusals(acknowledge: Acknowledge, now: () => number): Acknowledge {
  const known = new Map<string, { readonly outcome: AckOutcome; readonly until: number }>();
  return async (incidentId, userId) => {
    const found = known.get(incidentId);
    if (found !== undefined && found.until > now()) return found.outcome;
    const outcome = await acknowledge(incidentId, userId);
    // Not found: a hostile or mistyped ID, or an incident long gone; rare, and not worth a place.
    if (outcome === 'not-found') return outcome;
    known.delete(incidentId);
    known.set(incidentId, {
      outcome: outcome === 'acknowledged' ? 'already-acknowledged' : outcome,
      until: now() + REFUSAL_MEMORY_MS,
    });
    for (const [oldest] of known) {
      if (known.size <= REMEMBERED) break;
      known.delete(oldest);
    }
    return outcome;
  };
}
