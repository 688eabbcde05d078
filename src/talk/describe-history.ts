import type { WatchRef } from '../core/domain/types.js';
import type { Clock, Log, Store } from '../core/ports.js';
import { readStoredEpisodes } from '../report/index.js';
import { describeEpisodes } from './describe-episodes.js';
import { type HistoryPage, mergeHistory } from './merge-history.js';

/** How far back `/overseer history` reads the stored history (it keeps 90 days). */
export const HISTORY_DAYS = 30;
/** At most this many episode lines in one answer; the rest are counted ("and 12 more"). */
export const HISTORY_LINES = 30;
const DAY_MS = 86_400_000;

export interface HistoryQuery {
  readonly repo?: string;
  /** Which watches may be shown (a `public` answer: the channel's); all when absent. */
  readonly keep?: (watch: WatchRef) => boolean;
}

export type HistoryReport =
  | (HistoryPage & { readonly ok: true; readonly now: number; readonly days: number })
  | { readonly ok: false; readonly cause: 'store unreachable' | 'store error' };

/**
 * `/overseer history [owner/repo]`: the episodes of the last `HISTORY_DAYS` days from the stored
 * history (the report's), merged with what the watch documents hold (the open episode), newest
 * first and bounded.
 */
export async function describeHistory(
  deps: { readonly store: Store; readonly clock: Clock; readonly log: Log },
  query: HistoryQuery = {},
): Promise<HistoryReport> {
  const { repo, keep = () => true } = query;
  const held = await describeEpisodes(deps, repo);
  if (!held.ok) return held;
  const now = held.now;
  const from = now - HISTORY_DAYS * DAY_MS;
  const wanted = (watch: WatchRef) =>
    (repo === undefined || watch.repo.toLowerCase() === repo.toLowerCase()) && keep(watch);
  let stored: Awaited<ReturnType<typeof readStoredEpisodes>>;
  try {
    stored = await readStoredEpisodes(deps.store, from, now, wanted);
  } catch (error) {
    deps.log.warn({ err: error }, 'The episode history could not be read');
    const down = error instanceof Error && error.name === 'StoreUnavailableError';
    return { ok: false, cause: down ? 'store unreachable' : 'store error' };
  }
  const watches = held.watches.filter(({ watch }) => keep(watch));
  const page = mergeHistory(watches, stored.values(), { from, limit: HISTORY_LINES });
  return { ok: true, now, days: HISTORY_DAYS, ...page };
}
