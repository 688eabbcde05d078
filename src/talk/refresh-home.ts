import type { Log, Store } from '../core/ports.js';
import { HOME_VIEWERS_KEY, type HomeViewers, notePublished, recentViewers } from './home-viewers.js';

/** How often the Home tab is looked at for changes; also the least time between two publishes to one person. */
export const HOME_REFRESH_MS = 10_000;
/**
 * Most views published in one refresh. `views.publish` is Tier 4 (about 100 a minute): 15 every
 * 10 s stays under it, with room for people opening the tab. The rest get theirs at the next tick.
 */
export const MAX_PER_REFRESH = 15;
export const HOME_REFRESH_LEASE = 'lease:home-refresh';
/**
 * Least time between two publishes to one person: a tick less a second, so ticks 10 s apart
 * refresh a view at most once each, and a change just after someone opened the tab waits one tick.
 */
const MIN_GAP_MS = HOME_REFRESH_MS - 1_000;

export interface RefreshHomeDeps<T> {
  readonly store: Store;
  readonly log: Log;
  readonly now: () => number;
  /** What the Home tab shows, read afresh. */
  readonly read: () => Promise<T>;
  /** A short hash of what is worth a refresh in `data` (times that only age left out). */
  readonly fingerprint: (data: T) => string;
  /** Publishes `data` as `user`'s Home tab (with the toggles admins see). */
  readonly publish: (user: string, data: T) => Promise<void>;
}

/**
 * Republishes the Home tab of the people who opened it in the last 24 h when what it shows has
 * changed since their last publish (an incident opened, resolved or acknowledged, a task moved,
 * the pause or a flag changed): a fingerprint of the shown state is compared, so nothing else
 * needs to announce changes and every replica's changes are seen. One replica per tick (a lease
 * in the store), at most MAX_PER_REFRESH people per tick, none twice within one tick.
 * A failed publish is logged and not retried until the next change. Answers how many were sent.
 */
export async function refreshHome<T>(deps: RefreshHomeDeps<T>): Promise<number> {
  const now = deps.now();
  const doc = (await deps.store.get<HomeViewers>(HOME_VIEWERS_KEY))?.value;
  const viewers = doc === undefined ? [] : recentViewers(doc, now);
  if (viewers.length === 0) return 0;
  if (!(await deps.store.setIfAbsent(HOME_REFRESH_LEASE, 'refresh', MIN_GAP_MS))) return 0;
  const data = await deps.read();
  const shown = deps.fingerprint(data);
  const due = viewers
    .filter(([, viewer]) => viewer.shown !== shown && now - (viewer.publishedAt ?? 0) >= MIN_GAP_MS)
    .slice(0, MAX_PER_REFRESH);
  let sent = 0;
  for (const [user] of due) {
    try {
      await deps.publish(user, data);
      sent += 1;
    } catch (error) {
      deps.log.warn(
        { err: error, user },
        'Home tab could not be refreshed; it is tried again at the next change',
      );
    }
  }
  await notePublished(
    deps.store,
    now,
    due.map(([user]) => ({ user, shown })),
  );
  return sent;
}
