import type { Actor, FixPullRef, GitHubRef } from './fix-task.js';

/**
 * What can happen to a fix task. `by` names who did it (a Slack user ID); when absent, the
 * audit log says `overseer`. Approving and dismissing always name a person.
 */
export type FixTaskEvent =
  /** An approver pressed Approve & Start. */
  | { readonly type: 'approve'; readonly by: Actor }
  /** An approver pressed Dismiss and said why. */
  | { readonly type: 'dismiss'; readonly by: Actor; readonly reason: string }
  /**
   * The approved remedy's start was cut off (its process died) before GitHub received it: the
   * task waits for Approve & Start again, so a person decides once more and nothing runs twice.
   */
  | { readonly type: 'interrupted'; readonly by?: Actor }
  /** The watch turned green before anyone approved: the task has nothing left to fix. */
  | { readonly type: 'recovered'; readonly by?: Actor }
  /** Nobody decided in time. */
  | { readonly type: 'expire'; readonly by?: Actor }
  /**
   * GitHub accepted the remedy: a rerun names the attempt it created, an issue task the issue
   * it opened; revert and dispatch have nothing to name yet.
   */
  | {
      readonly type: 'remedy-started';
      readonly attempt?: number;
      readonly issue?: GitHubRef;
      readonly by?: Actor;
    }
  /** The fix pull request appeared (opened by Overseer, a workflow or an agent). */
  | { readonly type: 'pr-opened'; readonly pr: FixPullRef; readonly by?: Actor }
  /** The fix pull request's checks are green. */
  | { readonly type: 'checks-passed'; readonly by?: Actor }
  /** Overseer asked the approvers for Approve merge. */
  | { readonly type: 'merge-requested'; readonly by?: Actor }
  /** The fix pull request was merged as `sha`; `by` is the approver whose Approve merge did it. */
  | { readonly type: 'merged'; readonly sha: string; readonly by?: Actor }
  /** rerun: the re-run turned green. Others: CI at the merge commit is green. */
  | { readonly type: 'verified'; readonly by?: Actor }
  /** CI at the merge commit is red. */
  | { readonly type: 'regressed'; readonly by?: Actor }
  /** A pull request reverting the fix was opened (people merge it, as any other). */
  | { readonly type: 'reverted'; readonly pr: GitHubRef; readonly by?: Actor }
  /** The remedy cannot go on: a 403, a refusal of the safety ladder, a timeout, a closed PR. */
  | { readonly type: 'failed'; readonly reason: string; readonly by?: Actor };

export type FixTaskEventType = FixTaskEvent['type'];

export const FIX_TASK_EVENT_TYPES = [
  'approve',
  'dismiss',
  'recovered',
  'expire',
  'remedy-started',
  'interrupted',
  'pr-opened',
  'checks-passed',
  'merge-requested',
  'merged',
  'verified',
  'regressed',
  'reverted',
  'failed',
] as const satisfies readonly FixTaskEventType[];
