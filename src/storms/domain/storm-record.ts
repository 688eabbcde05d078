import type { WatchRef } from '../../core/domain/types.js';

/** The watch and incident a storm's message belongs to (the first red of the storm). */
export interface StormLead {
  readonly key: string;
  readonly watch: WatchRef;
  readonly incidentId: string;
}

/** A watch split off with **Not the same cause**: it does not join this cause again until `until`. */
export interface StormSplit {
  readonly key: string;
  /** The split watch's failure fingerprint and the lead's: the pair the choice is remembered for. */
  readonly pair: readonly [string, string];
  readonly until: number;
}

/**
 * One storm's joining record, `storm:<channel>:<cause>`: who leads it, which incidents joined,
 * the last red that joined (the window counts from it) and the splits remembered. Written only
 * with compare-and-set; nothing about a storm is kept in memory.
 */
export interface StormRecord {
  readonly channel: string;
  readonly cause: string;
  /** The shared error line, as the lead's first job showed it. */
  readonly line: string;
  readonly lead: StormLead;
  /** The lead's failure fingerprint (job name + line). */
  readonly leadFingerprint: string;
  /** Incident IDs that joined, in order. */
  readonly joined: readonly string[];
  /** When the latest red opened or joined this storm (epoch ms). */
  readonly lastRedAt: number;
  readonly splits: readonly StormSplit[];
}

/** What every storm record's key starts with. */
export const STORM_PREFIX = 'storm:';

export function stormKey(channel: string, cause: string): string {
  return `${STORM_PREFIX}${channel}:${cause}`;
}
