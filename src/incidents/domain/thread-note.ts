import type { AutoRetryOutcome, Incident, Suspect } from './incident.js';

/** A reply Overseer owes an incident's thread: history that does not belong in the top message. */
export type ThreadNote =
  | {
      readonly type: 'still-red';
      /** The newest red commit, and how many other new commits came with it. */
      readonly commit: Suspect;
      readonly otherNewCommits: number;
      readonly runUrl: string;
      readonly failingJobs: readonly string[];
    }
  | {
      readonly type: 'failed-again';
      readonly sha: string;
      readonly attempt: number;
      readonly runUrl: string;
      readonly failingJobs: readonly string[];
    }
  | { readonly type: 'recovered'; readonly sha: string; readonly redForMs: number; readonly runUrl: string }
  | {
      readonly type: 'flaky';
      readonly sha: string;
      readonly redForMs: number;
      readonly runUrl: string;
      readonly flakedJobs: readonly string[];
      /** Flakes of this watch within the last day, this one included. */
      readonly flakesToday: number;
      readonly repeated: boolean;
    }
  | { readonly type: 'rerun-requested'; readonly userId: string; readonly attempt: number }
  | { readonly type: 'acknowledged'; readonly userId: string }
  /** flakeRetry re-ran the failed jobs before this incident was posted, and it did not help. */
  | { readonly type: 'auto-retry'; readonly outcome: AutoRetryOutcome; readonly runUrl: string }
  /** Another watch joined this incident's storm: its repo, run and suspects (storms/). */
  | { readonly type: 'storm-joined'; readonly member: Incident }
  /** Nobody was paged again for this storm: `users` were paged for the same cause in `channel`. */
  | { readonly type: 'storm-paged-elsewhere'; readonly users: readonly string[]; readonly channel: string }
  /**
   * GitHub's status page reports Actions operational again; this incident opened during the outage
   * (`status`, as it was reported then) and nobody was paged for it.
   */
  | { readonly type: 'actions-operational'; readonly status: string }
  /** No fix task could be proposed for this incident, and none will be tried again: why. */
  | { readonly type: 'proposal-set-aside'; readonly reason: string }
  | {
      /**
       * A fix task needs people: its workflows wait for approval, it made CI worse, it failed, or
       * Overseer holds back its own next step (the pause, settings it cannot read).
       */
      readonly type: 'fix-alert';
      readonly taskId: string;
      readonly alert: 'action-required' | 'regressed' | 'failed' | 'held';
      /** What happened, in a sentence (the names in it come from GitHub: escaped when shown). */
      readonly detail: string;
      /** Slack user or user-group IDs to @-mention: the approvers. */
      readonly mention: readonly string[];
      readonly url?: string;
    };

/**
 * One note that says what `queued` (not yet posted) and `next` both say, when `next` makes
 * `queued` redundant; undefined when both must be posted. While Slack is unreachable through a
 * long red, the notes owed stay one "still red" and one "failed again" per incident instead of
 * one per commit: a later "still red" counts the commits of the earlier one among its others,
 * and a later "failed again" is the latest word on re-runs.
 */
export function mergeNotes(queued: ThreadNote, next: ThreadNote): ThreadNote | undefined {
  if (queued.type === 'still-red' && next.type === 'still-red')
    return { ...next, otherNewCommits: next.otherNewCommits + queued.otherNewCommits + 1 };
  if (queued.type === 'failed-again' && next.type === 'failed-again') return next;
  return undefined;
}
