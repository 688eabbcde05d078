import type { CommitInfo } from '../../core/domain/types.js';

export interface Suspects {
  /** Newest first: the commit most likely to have broken the build leads. */
  readonly commits: readonly CommitInfo[];
  /** How many more commits were in the range than are listed. */
  readonly omitted: number;
}

/**
 * The commits suspected of a regression: everything after the last green up to and including the
 * first red, as GitHub's compare lists them (oldest first). Only the newest `limit` are kept.
 * `range` may itself be only the newest part of a longer range of `total` commits (GitHub is asked
 * for no more than are kept); the rest count as omitted.
 */
export function suspects(range: readonly CommitInfo[], limit: number, total = range.length): Suspects {
  const newestFirst = [...range].reverse();
  const commits = newestFirst.slice(0, Math.max(0, limit));
  return { commits, omitted: Math.max(0, total - commits.length) };
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
