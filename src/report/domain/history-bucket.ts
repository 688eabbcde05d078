// Where episode facts are kept: one document per watch per UTC day, by the day the episode ended,
// under `history:<day>:<watch key>`. A report lists the few day prefixes of its period (an index
// range read on both stores), and retention drops whole days.
import { type WatchRef, watchKey } from '../../core/domain/types.js';
import type { EpisodeFact } from './episode-fact.js';

export const HISTORY_PREFIX = 'history:';
export const DAY_MS = 86_400_000;
/** How long episode facts are kept. */
export const HISTORY_RETENTION_DAYS = 90;

/** The episodes of one watch that ended on one day, oldest episode first. */
export interface HistoryBucket {
  readonly watch: WatchRef;
  readonly episodes: readonly EpisodeFact[];
}

/** `2026-12-06` for a time on that UTC day. */
export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

export function dayPrefix(day: string): string {
  return `${HISTORY_PREFIX}${day}:`;
}

export function bucketKey(watch: WatchRef, day: string): string {
  return `${dayPrefix(day)}${watchKey(watch)}`;
}

/** The UTC days from `from` to `to` (epoch ms), both included, oldest first. */
export function daysBetween(from: number, to: number): string[] {
  const days: string[] = [];
  for (let at = Math.floor(from / DAY_MS) * DAY_MS; at <= to; at += DAY_MS) days.push(dayOf(at));
  return days;
}

/**
 * The bucket with `fact` in it: added, or replacing the same episode's fact when it differs (a fix
 * task that moved on after the episode ended). Undefined when the bucket already says exactly
 * this, so a replica or a retry that records it again writes nothing.
 */
export function withFact(bucket: HistoryBucket, fact: EpisodeFact): HistoryBucket | undefined {
  const held = bucket.episodes.find((kept) => kept.episode === fact.episode);
  if (held !== undefined && JSON.stringify(held) === JSON.stringify(fact)) return undefined;
  const others = bucket.episodes.filter((kept) => kept.episode !== fact.episode);
  const episodes = [...others, fact].sort((a, b) => a.episode - b.episode);
  return { watch: bucket.watch, episodes };
}
