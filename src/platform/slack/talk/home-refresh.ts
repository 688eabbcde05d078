import type { WebClient } from '@slack/web-api';
import type { Log, Store } from '../../../core/ports.js';
import type { EpisodesReport } from '../../../talk/describe-episodes.js';
import type { FlagsReport } from '../../../talk/describe-flags.js';
import type { StatusReport } from '../../../talk/describe-status.js';
import {
  HOME_VIEWERS_KEY,
  type HomeViewers,
  notePublished,
  recentViewers,
} from '../../../talk/home-viewers.js';
import { homeFingerprint } from './home-fingerprint.js';
import { type HomeData, homeView } from './home-view.js';

/** What the Home tab is drawn from, read afresh for each publish or refresh. */
export interface HomeSources {
  readonly status: () => Promise<StatusReport>;
  readonly flags: () => Promise<FlagsReport>;
  readonly episodes: (repo?: string) => Promise<EpisodesReport>;
  /** Whether `userId` may change flags: admins see toggles. */
  readonly isAdmin: (userId: string) => Promise<boolean>;
}

export interface HomeRefreshDeps extends HomeSources {
  readonly client: WebClient;
  readonly store: Store;
  readonly log: Log;
  readonly now: () => number;
}

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

export async function readHome(deps: HomeSources): Promise<Omit<HomeData, 'admin' | 'notice'>> {
  const [status, flags, episodes] = await Promise.all([deps.status(), deps.flags(), deps.episodes()]);
  return { status, flags, episodes };
}

export async function publishHome(client: WebClient, userId: string, data: HomeData): Promise<void> {
  await client.views.publish({ user_id: userId, view: homeView(data) as never });
}

/**
 * Republishes the Home tab of the people who opened it in the last 24 h when what it shows has
 * changed since their last publish (an incident opened, resolved or acknowledged, a task moved,
 * the pause or a flag changed): a fingerprint of the shown state is compared, so nothing else
 * needs to announce changes and every replica's changes are seen. One replica per tick (a lease
 * in the store), at most MAX_PER_REFRESH people per tick, none twice within one tick.
 * A failed publish is logged and not retried until the next change. Answers how many were sent.
 */
export async function refreshHomeViews(deps: HomeRefreshDeps): Promise<number> {
  const now = deps.now();
  const doc = (await deps.store.get<HomeViewers>(HOME_VIEWERS_KEY))?.value;
  const viewers = doc === undefined ? [] : recentViewers(doc, now);
  if (viewers.length === 0) return 0;
  if (!(await deps.store.setIfAbsent(HOME_REFRESH_LEASE, 'refresh', MIN_GAP_MS))) return 0;
  const data = await readHome(deps);
  const shown = homeFingerprint(data);
  const due = viewers
    .filter(([, viewer]) => viewer.shown !== shown && now - (viewer.publishedAt ?? 0) >= MIN_GAP_MS)
    .slice(0, MAX_PER_REFRESH);
  let sent = 0;
  for (const [user] of due) {
    try {
      await publishHome(deps.client, user, { ...data, admin: await deps.isAdmin(user) });
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
