import type { Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';

/** Someone who opened the Home tab lately, and what they were last shown. */
export interface HomeViewer {
  readonly openedAt: number;
  /** When their view was last published, and the fingerprint of what it showed. */
  readonly publishedAt?: number;
  readonly shown?: string;
}

/** Who opened the Home tab in the last VIEWER_TTL_MS: their views are refreshed on changes. */
export interface HomeViewers {
  readonly viewers: Readonly<Record<string, HomeViewer>>;
}

export const HOME_VIEWERS_KEY = 'home-viewers';
/** How long after opening the Home tab a person's view is kept fresh. */
export const VIEWER_TTL_MS = 24 * 60 * 60_000;
/** Most people remembered; the ones who opened it longest ago are let go first. */
export const MAX_VIEWERS = 200;

const EMPTY: HomeViewers = { viewers: {} };

/** The viewers still recent at `now`, the latest opener first, at most MAX_VIEWERS. */
export function recentViewers(doc: HomeViewers, now: number): [string, HomeViewer][] {
  return Object.entries(doc.viewers)
    .filter(([, viewer]) => now - viewer.openedAt < VIEWER_TTL_MS)
    .sort(([, a], [, b]) => b.openedAt - a.openedAt)
    .slice(0, MAX_VIEWERS);
}

/**
 * Records views published: `opened` when the person opened the tab (their 24 h start again),
 * otherwise a refresh. One compare-and-set; viewers past VIEWER_TTL_MS are forgotten in it.
 */
export async function notePublished(
  store: Store,
  now: number,
  published: readonly { readonly user: string; readonly shown: string; readonly opened?: boolean }[],
): Promise<void> {
  if (published.length === 0) return;
  await updateDoc<HomeViewers>(store, HOME_VIEWERS_KEY, EMPTY, (doc) => {
    const viewers: Record<string, HomeViewer> = Object.fromEntries(recentViewers(doc, now));
    for (const { user, shown, opened } of published) {
      const openedAt = opened ? now : viewers[user]?.openedAt;
      if (openedAt === undefined) continue;
      viewers[user] = { openedAt, publishedAt: now, shown };
    }
    return { viewers };
  });
}
