import { type WatchRef, watchKey } from '../core/domain/types.js';
import type { Store } from '../core/ports.js';
import type { EpisodeRecord } from './domain/episode-record.js';
import { dayPrefix, daysBetween, type HistoryBucket } from './domain/history-bucket.js';

/**
 * The episodes of the watches `keep` accepts that the history holds as ended from `from` to `to`
 * (its day buckets, by the day each ended), one record per watch and episode. The watch documents
 * are not read: the caller merges the episodes they still hold (open ones included).
 */
export async function readStoredEpisodes(
  store: Store,
  from: number,
  to: number,
  keep: (watch: WatchRef) => boolean,
): Promise<Map<string, EpisodeRecord>> {
  const byId = new Map<string, EpisodeRecord>();
  const lists = await Promise.all(
    daysBetween(from, to).map((day) => store.list<HistoryBucket>(dayPrefix(day))),
  );
  for (const { value: bucket } of lists.flat()) {
    if (!keep(bucket.watch)) continue;
    for (const fact of bucket.episodes)
      byId.set(`${watchKey(bucket.watch)}#${fact.episode}`, { watch: bucket.watch, fact });
  }
  return byId;
}
