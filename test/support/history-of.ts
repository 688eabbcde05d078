import type { EpisodeRecord } from '../../src/report/index.js';
import type { EpisodesReport } from '../../src/talk/describe-episodes.js';
import type { HistoryReport } from '../../src/talk/describe-history.js';
import { mergeHistory } from '../../src/talk/merge-history.js';

const DAYS = 30;

/** What `/overseer history` answers when the store holds `held` in watch documents and `stored` in its history. */
export function historyOf(
  held: EpisodesReport,
  stored: readonly EpisodeRecord[] = [],
  limit = 30,
): HistoryReport {
  if (!held.ok) return held;
  const from = held.now - DAYS * 86_400_000;
  return { ok: true, now: held.now, days: DAYS, ...mergeHistory(held.watches, stored, { from, limit }) };
}
