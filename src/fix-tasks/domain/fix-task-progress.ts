import type { FixTask } from './fix-task.js';
import type { FixTaskEvent } from './fix-task-event.js';
import { transition } from './fix-task-transition.js';

/** How GitHub Actions stand on one commit (see ChecksSummary in app/ports.ts). */
export type ChecksState = 'none' | 'pending' | 'action_required' | 'failure' | 'no_signal' | 'success';

/** The fix pull request as last read from GitHub. */
export interface FixPull {
  readonly number: number;
  readonly url: string;
  readonly state: 'open' | 'closed';
  readonly merged: boolean;
  readonly mergeCommitSha?: string;
  /** Who opened it and its title, as GitHub says (shown escaped). */
  readonly author?: string;
  readonly title?: string;
}

/**
 * What one look at GitHub saw of a started fix: its pull request (found, or re-read), the checks
 * on that pull request's head, and the watched workflow's checks at the merge commit.
 */
export interface FixObservation {
  readonly pr?: FixPull;
  readonly checks?: ChecksState;
  /** The workflows that failed or wait for approval on the pull request. */
  readonly checkNames?: readonly string[];
  readonly mergeChecks?: ChecksState;
  /**
   * Read only when the merge commit gave no signal (its run cancelled, skipped or neutral): what
   * the newest decisive commit after it on the watched branch says, as the CI signal reads it.
   */
  readonly newerOnBranch?: 'green' | 'red';
}

const names = (obs: FixObservation) =>
  obs.checkNames && obs.checkNames.length > 0 ? ` (${obs.checkNames.join(', ')})` : '';

/**
 * The next lifecycle event what GitHub shows calls for, or undefined when nothing moved. Only
 * strategies with a pull request are followed here (a rerun is followed by the watch's own runs).
 * The request for Approve merge is made as soon as the checks pass: Overseer itself never merges
 * without a person's click.
 */
export function progressEvent(task: FixTask, obs: FixObservation): FixTaskEvent | undefined {
  if (task.strategy === 'rerun') return undefined;
  const pr = obs.pr;
  const closedUnmerged = pr !== undefined && pr.state === 'closed' && !pr.merged;
  const merged: FixTaskEvent | undefined =
    pr?.merged === true ? { type: 'merged', sha: pr.mergeCommitSha ?? '' } : undefined;
  switch (task.state) {
    case 'running':
      return pr === undefined
        ? undefined
        : {
            type: 'pr-opened',
            pr: {
              number: pr.number,
              url: pr.url,
              ...(pr.author === undefined ? {} : { author: pr.author }),
              ...(pr.title === undefined ? {} : { title: pr.title }),
            },
          };
    case 'pr_open':
      if (merged) return merged;
      if (closedUnmerged)
        return { type: 'failed', reason: `pull request #${pr.number} was closed without merging` };
      if (obs.checks === 'success') return { type: 'checks-passed' };
      if (obs.checks === 'failure') {
        return {
          type: 'failed',
          reason: `the checks of pull request #${pr?.number ?? '?'} failed${names(obs)}`,
        };
      }
      return undefined;
    case 'checks_passed':
      if (merged) return merged;
      if (closedUnmerged)
        return { type: 'failed', reason: `pull request #${pr.number} was closed without merging` };
      return { type: 'merge-requested' };
    case 'awaiting_merge_approval':
      if (merged) return merged;
      if (closedUnmerged)
        return { type: 'failed', reason: `pull request #${pr.number} was closed without merging` };
      return undefined;
    case 'merged':
      // Only the merge commit's own red is a regression of the fix (and so a revert of it); a
      // cancelled or skipped run there proves nothing, and a newer green commit, which holds the
      // fix, verifies it. A newer red may be someone else's: the task waits (its deadline runs).
      if (obs.mergeChecks === 'success') return { type: 'verified' };
      if (obs.mergeChecks === 'failure') return { type: 'regressed' };
      if (obs.mergeChecks === 'no_signal' && obs.newerOnBranch === 'green') return { type: 'verified' };
      return undefined;
    default:
      return undefined;
  }
}

/** Applies every event `obs` calls for, in order (running -> pr_open -> checks_passed -> …). */
export function progress(task: FixTask, obs: FixObservation, now: number): FixTask {
  let current = task;
  for (let step = 0; step < 6; step += 1) {
    const event = progressEvent(current, obs);
    if (event === undefined) break;
    const moved = transition(current, event, now);
    if (!moved.ok) break;
    current = moved.task;
  }
  return current;
}
