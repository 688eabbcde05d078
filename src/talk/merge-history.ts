import { type WatchRef, watchKey } from '../core/domain/types.js';
import { type EpisodeFact, type EpisodeRecord, episodeFact } from '../report/index.js';
import type { Episode, WatchEpisodes } from './describe-episodes.js';

/** One line of `/overseer history`: an episode's facts, and the document's episode while it holds one. */
export interface HistoryLine {
  readonly watch: WatchRef;
  /** The same facts the report counts, so its figures can be checked line by line. */
  readonly fact: EpisodeFact;
  /** The watch document's episode (its fix task, storm, replies, timeline), when still held. */
  readonly episode?: Episode;
}

/** The lines shown, newest first, and how many more the bound left out. */
export interface HistoryPage {
  readonly lines: readonly HistoryLine[];
  readonly more: number;
}

const newestFirst = (a: HistoryLine, b: HistoryLine): number =>
  Number(a.fact.resolvedAt !== undefined) - Number(b.fact.resolvedAt !== undefined) ||
  b.fact.since - a.fact.since ||
  watchKey(a.watch).localeCompare(watchKey(b.watch));

/**
 * The stored history merged with the episodes the watch documents hold: one line per watch and
 * episode (the document's wins, being newer: it is where an open episode lives), those that ended
 * before `from` left out, open ones first, then newest first, at most `limit` lines.
 */
export function mergeHistory(
  watches: readonly WatchEpisodes[],
  stored: Iterable<EpisodeRecord>,
  bound: { readonly from: number; readonly limit: number },
): HistoryPage {
  const byId = new Map<string, HistoryLine>();
  for (const { watch, fact } of stored) byId.set(`${watchKey(watch)}#${fact.episode}`, { watch, fact });
  for (const { watch, episodes } of watches) {
    for (const episode of episodes) {
      const fact = episodeFact(episode.incident, episode.task);
      byId.set(`${watchKey(watch)}#${fact.episode}`, { watch, fact, episode });
    }
  }
  const lines = [...byId.values()]
    .filter(({ fact }) => fact.resolvedAt === undefined || fact.resolvedAt >= bound.from)
    .sort(newestFirst);
  const limit = Math.max(0, bound.limit);
  return { lines: lines.slice(0, limit), more: Math.max(0, lines.length - limit) };
}
