import { allSlots, WATCH_DOC_PREFIX, type WatchDoc } from '../ci/index.js';
import { type WatchRef, watchKey } from '../core/domain/types.js';
import type { Store } from '../core/ports.js';
import { episodeFact } from './domain/episode-fact.js';
import type { EpisodeRecord } from './domain/episode-record.js';
import { readStoredEpisodes } from './read-stored-episodes.js';

/**
 * Every episode of the watches `keep` accepts that was red at some time from `from` on: those
 * that ended since (the history's day buckets) and those the watch documents hold, open ones
 * included. Where both have an episode, the document's is newer and wins.
 */
export async function readHistory(
  store: Store,
  from: number,
  to: number,
  keep: (watch: WatchRef) => boolean,
): Promise<EpisodeRecord[]> {
  const byId = await readStoredEpisodes(store, from, to, keep);
  for (const { value: doc } of await store.list<WatchDoc>(WATCH_DOC_PREFIX)) {
    for (const slot of allSlots(doc)) {
      const { watch } = slot.incident;
      if (!keep(watch)) continue;
      const fact = episodeFact(slot.incident, slot.task);
      if (fact.resolvedAt !== undefined && fact.resolvedAt < from) continue;
      byId.set(`${watchKey(watch)}#${fact.episode}`, { watch, fact });
    }
  }
  return [...byId.values()].sort((a, b) => a.fact.since - b.fact.since);
}
