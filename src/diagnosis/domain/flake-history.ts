const DAY_MS = 24 * 60 * 60 * 1000;

/** How many flakes within a day make a watch "repeatedly flaky". */
export const REPEATED_FLAKE_COUNT = 3;

export interface FlakeRecord {
  /** Times (epoch ms) of the flakes seen within the last day, oldest first. */
  readonly flakes: readonly number[];
  /** True when this flake makes REPEATED_FLAKE_COUNT or more within a day. */
  readonly repeated: boolean;
}

/** Adds a flake at `now` to a watch's history and forgets the ones older than a day. */
export function recordFlake(flakes: readonly number[], now: number): FlakeRecord {
  const recent = [...flakes.filter((at) => now - at < DAY_MS), now];
  return { flakes: recent, repeated: recent.length >= REPEATED_FLAKE_COUNT };
}
