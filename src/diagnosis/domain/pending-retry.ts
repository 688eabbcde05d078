import type { Blame } from '../../ci/domain/blame.js';
import type { RedEpisode } from '../../ci/domain/episode.js';
import type { JobInfo, RunInfo } from '../../core/domain/types.js';

/** flakeRetry's state on the watch document: the automatic re-run waited for. */
export interface PendingRetry {
  readonly sha: string;
  readonly runId: number;
  /** The failed attempt that was re-run; the re-run is attempt + 1. */
  readonly attempt: number;
  /** Epoch ms: page if the re-run has not passed by then. */
  readonly until: number;
  readonly why: 'known' | 'all';
  /** GitHub refused the re-run: page at once. */
  readonly notStarted?: boolean;
  /** What paging needs if it comes to that: the red as first seen, its jobs and suspects. */
  readonly red: RedEpisode;
  readonly run: RunInfo;
  readonly jobs: readonly JobInfo[];
  readonly blame: Blame;
}
