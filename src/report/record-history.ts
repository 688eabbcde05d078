import { allSlots, type CheckMove, type IncidentSlot, type WatchDoc } from '../ci/index.js';
import type { Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import { type EpisodeFact, episodeFact } from './domain/episode-fact.js';
import { bucketKey, dayOf, type HistoryBucket, withFact } from './domain/history-bucket.js';

function factOf(slot: IncidentSlot): EpisodeFact {
  return episodeFact(slot.incident, slot.task);
}

function sameFact(a: EpisodeFact, b: EpisodeFact | undefined): boolean {
  return b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The ended episodes a move changed, or that its document lets go of: an episode that just ended,
 * a fix task that moved on after its episode ended, and (a second chance after a failed write)
 * every ended episode the previous document held and this one no longer does.
 */
export function factsToRecord(move: CheckMove): Array<{ slot: IncidentSlot; fact: EpisodeFact }> {
  const before: WatchDoc | undefined = move.previous;
  if (before === undefined) return [];
  const held = new Map(allSlots(before).map((slot) => [slot.incident.id, slot]));
  const now = new Set(allSlots(move.doc).map((slot) => slot.incident.id));
  const owed: Array<{ slot: IncidentSlot; fact: EpisodeFact }> = [];
  for (const slot of allSlots(move.doc)) {
    const fact = factOf(slot);
    if (fact.resolvedAt === undefined) continue;
    const earlier = held.get(slot.incident.id);
    if (!sameFact(fact, earlier && factOf(earlier))) owed.push({ slot, fact });
  }
  for (const slot of held.values()) {
    const fact = factOf(slot);
    if (!now.has(slot.incident.id) && fact.resolvedAt !== undefined) owed.push({ slot, fact });
  }
  return owed;
}

/**
 * Writes the facts a move owes to the history, each into its watch's bucket of the day its episode
 * ended, with compare-and-set: replicas writing the same fact write it once, and a fact already
 * there is not written again. Answers how many documents were written.
 */
export async function recordHistory(store: Store, move: CheckMove): Promise<number> {
  let written = 0;
  for (const { slot, fact } of factsToRecord(move)) {
    const watch = slot.incident.watch;
    const key = bucketKey(watch, dayOf(fact.resolvedAt ?? fact.since));
    const empty: HistoryBucket = { watch, episodes: [] };
    const { changed } = await updateDoc(store, key, empty, (bucket) => withFact(bucket, fact));
    if (changed) written += 1;
  }
  return written;
}
