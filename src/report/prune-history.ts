import type { Store } from '../core/ports.js';
import { DAY_MS, dayOf, dayPrefix, HISTORY_RETENTION_DAYS } from './domain/history-bucket.js';

/** Days past the retention looked at for buckets to drop: a replica down this long leaves some. */
const CATCH_UP_DAYS = 14;

/**
 * Drops the history buckets of the days just past the retention, once a day across replicas (a
 * marker claims the day). Answers how many buckets were dropped.
 */
export async function pruneHistory(
  store: Store,
  now: number,
  retentionDays = HISTORY_RETENTION_DAYS,
): Promise<number> {
  if (!(await store.setIfAbsent(`history-pruned:${dayOf(now)}`, '1', DAY_MS))) return 0;
  let dropped = 0;
  for (let back = retentionDays + 1; back <= retentionDays + CATCH_UP_DAYS; back += 1) {
    for (const { key, version } of await store.list(dayPrefix(dayOf(now - back * DAY_MS)))) {
      if (await store.remove(key, version)) dropped += 1;
    }
  }
  return dropped;
}
