import type { WatchRef } from '../../core/domain/types.js';

/** How a fix task remedies a red watch (a repo's `fix.strategy`). */
export type FixStrategy = 'rerun' | 'revert' | 'dispatch' | 'issue';

export const FIX_STRATEGIES = [
  'rerun',
  'revert',
  'dispatch',
  'issue',
] as const satisfies readonly FixStrategy[];

/**
 * Where a fix task stands. The allowed moves between them are `FIX_TASK_TRANSITIONS`
 * (fix-task-lifecycle.ts); the last six are terminal.
 */
export type FixTaskState =
  | 'pending'
  | 'starting'
  | 'running'
  | 'pr_open'
  | 'checks_passed'
  | 'awaiting_merge_approval'
  | 'merged'
  | 'regressed'
  | 'verified'
  | 'reverted'
  | 'failed'
  | 'dismissed'
  | 'obsolete'
  | 'expired';

export interface RunRef {
  readonly id: number;
  readonly attempt: number;
  readonly url: string;
}

/** A pull request or an issue on the watched repo. */
export interface GitHubRef {
  readonly number: number;
  readonly url: string;
}

/**
 * The plan a task states before anyone approves it: which remedy, on which run, commit or pull
 * request. Plain data: the Slack adapter words it.
 */
export type FixPlan =
  | {
      readonly strategy: 'rerun';
      /** The failing run whose failed jobs are re-run. */
      readonly run: RunRef;
      readonly headSha: string;
    }
  | {
      readonly strategy: 'revert';
      readonly run: RunRef;
      readonly headSha: string;
      /** The suspected commit to revert. */
      readonly commit: string;
      /** The pull request that brought it in; without one, a revert commit goes on a branch. */
      readonly pull?: GitHubRef;
    }
  | {
      readonly strategy: 'dispatch';
      readonly run: RunRef;
      readonly headSha: string;
      /** The fix workflow dispatched (a repo's `fix.workflow`). */
      readonly workflow: string;
    }
  | {
      readonly strategy: 'issue';
      readonly run: RunRef;
      readonly headSha: string;
      /** The GitHub login the issue is assigned to (an agent account), if any. */
      readonly assignee?: string;
    };

/** The fix pull request: who opened it and its title, as GitHub said (shown escaped). */
export interface FixPullRef extends GitHubRef {
  readonly author?: string;
  readonly title?: string;
}

/** What the remedy produced, filled in as the task moves on. */
export interface FixTaskRefs {
  /** rerun: the attempt number the re-run created. */
  readonly rerunAttempt?: number;
  /** issue: the issue opened with the failure digest. */
  readonly issue?: GitHubRef;
  /** The fix pull request (revert, dispatch, issue). */
  readonly pr?: FixPullRef;
  /** The commit the fix was merged as on the watched branch. */
  readonly mergeSha?: string;
  /** After a regression: the pull request reverting the fix. */
  readonly revertPr?: GitHubRef;
}

/** A Slack user ID, or `'overseer'` for what Overseer did by itself. */
export type Actor = string;

/** One line of a task's append-only audit log. */
export interface FixTaskAuditEntry {
  /** Epoch ms. */
  readonly at: number;
  readonly actor: Actor;
  /** The event applied or attempted (`open` for the task's creation). */
  readonly action: string;
  /** Absent on the opening entry. */
  readonly from?: FixTaskState;
  /** Equal to `from` for a refused attempt. */
  readonly to: FixTaskState;
  readonly outcome: 'done' | 'refused';
  /** Why: a dismissal's or a failure's reason, or why an attempt was refused. */
  readonly reason?: string;
}

export interface FixTask {
  readonly id: string;
  readonly incidentId: string;
  readonly watch: WatchRef;
  readonly strategy: FixStrategy;
  readonly plan: FixPlan;
  readonly state: FixTaskState;
  /**
   * Counts transitions (1 when opened). Buttons carry it; a click naming an older one is stale.
   * Audit notes of refused attempts leave it alone, so they never make a good button stale.
   */
  readonly version: number;
  /** Epoch ms. */
  readonly createdAt: number;
  /** When the task last entered each state it has been in (epoch ms). */
  readonly at: { readonly [S in FixTaskState]?: number };
  readonly approvedBy?: Actor;
  readonly dismissedBy?: Actor;
  readonly dismissReason?: string;
  /** Who pressed Approve merge; absent when someone merged on GitHub directly. */
  readonly mergeApprovedBy?: Actor;
  readonly failReason?: string;
  readonly refs: FixTaskRefs;
  readonly audit: readonly FixTaskAuditEntry[];
  /** Call-outs already made to the approvers (`action-required:#12`, `failed`), so each goes once. */
  readonly alerts?: readonly string[];
}

/** A new task, held at `pending` until an approver presses Approve & Start. */
export function openFixTask(args: {
  readonly id: string;
  readonly incidentId: string;
  readonly watch: WatchRef;
  readonly plan: FixPlan;
  readonly now: number;
}): FixTask {
  const { id, incidentId, watch, plan, now } = args;
  return {
    id,
    incidentId,
    watch,
    strategy: plan.strategy,
    plan,
    state: 'pending',
    version: 1,
    createdAt: now,
    at: { pending: now },
    refs: {},
    audit: [{ at: now, actor: 'overseer', action: 'open', to: 'pending', outcome: 'done' }],
  };
}
