import type { FixTask, FixTaskAuditEntry, FixTaskState, GitHubRef } from './fix-task.js';
import type { FixTaskEvent } from './fix-task-event.js';
import { stepFor } from './fix-task-lifecycle.js';

export type FixTaskTransition =
  | { readonly ok: true; readonly task: FixTask }
  | { readonly ok: false; readonly reason: string };

/** A state as the end of "this task has moved on: it is ...". */
const STATE_WORDS: { readonly [S in FixTaskState]: string } = {
  pending: 'waiting for approval',
  starting: 'starting',
  running: 'running',
  pr_open: "waiting for its pull request's checks",
  checks_passed: 'about to ask for merge approval',
  awaiting_merge_approval: 'waiting for merge approval',
  merged: 'merged and waiting for CI',
  regressed: 'regressed and being reverted',
  verified: 'verified',
  reverted: 'reverted',
  failed: 'failed',
  dismissed: 'dismissed',
  obsolete: 'obsolete: CI recovered by itself',
  expired: 'expired',
};

export function movedOn(task: Pick<FixTask, 'state'>): string {
  return `this task has moved on: it is ${STATE_WORDS[task.state]}`;
}

const blank = (text: string | undefined) => text === undefined || text.trim() === '';
const badRef = (ref: GitHubRef | undefined) =>
  ref === undefined || !Number.isInteger(ref.number) || ref.number < 1 || blank(ref.url);

/** Why the event lacks the data its transition needs, or undefined when it has it all. */
function missingData(task: FixTask, event: FixTaskEvent): string | undefined {
  switch (event.type) {
    case 'approve':
      return blank(event.by) ? 'an approval must name the approver' : undefined;
    case 'dismiss':
      if (blank(event.by)) return 'a dismissal must name who dismissed';
      return blank(event.reason) ? 'a dismissal needs a reason' : undefined;
    case 'remedy-started':
      if (task.strategy === 'rerun') {
        const { attempt } = event;
        const valid = attempt !== undefined && Number.isInteger(attempt) && attempt > 1;
        return valid ? undefined : 'a started re-run must name the attempt it created';
      }
      if (task.strategy === 'issue' && badRef(event.issue)) return 'a started issue task must name its issue';
      return undefined;
    case 'pr-opened':
    case 'reverted':
      return badRef(event.pr) ? 'a pull request needs its number and URL' : undefined;
    case 'merged':
      return blank(event.sha) ? 'a merge must name its commit' : undefined;
    case 'failed':
      return blank(event.reason) ? 'a failure needs a reason' : undefined;
    default:
      return undefined;
  }
}

/** What the event records on the task besides its state. */
function recorded(task: FixTask, event: FixTaskEvent): Partial<FixTask> {
  switch (event.type) {
    case 'approve':
      return { approvedBy: event.by };
    case 'dismiss':
      return { dismissedBy: event.by, dismissReason: event.reason };
    case 'remedy-started': {
      if (event.attempt !== undefined && task.strategy === 'rerun') {
        return { refs: { ...task.refs, rerunAttempt: event.attempt } };
      }
      if (event.issue !== undefined && task.strategy === 'issue') {
        return { refs: { ...task.refs, issue: event.issue } };
      }
      return {};
    }
    case 'pr-opened':
      return { refs: { ...task.refs, pr: event.pr } };
    case 'merged':
      return {
        refs: { ...task.refs, mergeSha: event.sha },
        ...(event.by === undefined ? {} : { mergeApprovedBy: event.by }),
      };
    case 'reverted':
      return { refs: { ...task.refs, revertPr: event.pr } };
    case 'failed':
      return { failReason: event.reason };
    default:
      return {};
  }
}

function reasonOf(event: FixTaskEvent): string | undefined {
  return event.type === 'dismiss' || event.type === 'failed' ? event.reason : undefined;
}

/**
 * Applies `event` to `task` at `now` (epoch ms) if the lifecycle table allows it: the new state,
 * what the event records, the version one up and one audit entry more. A refused event changes
 * nothing and says why in words a person can be shown. Only a corrupt task throws.
 */
export function transition(task: FixTask, event: FixTaskEvent, now: number): FixTaskTransition {
  const step = stepFor(task.state, event.type);
  if (step === undefined) return { ok: false, reason: movedOn(task) };
  if (step.only !== undefined && !step.only.includes(task.strategy)) {
    return { ok: false, reason: step.otherwise ?? movedOn(task) };
  }
  const missing = missingData(task, event);
  if (missing !== undefined) return { ok: false, reason: missing };

  const reason = reasonOf(event);
  const entry: FixTaskAuditEntry = {
    at: now,
    actor: event.by ?? 'overseer',
    action: event.type,
    from: task.state,
    to: step.to,
    outcome: 'done',
    ...(reason === undefined ? {} : { reason }),
  };
  const next: FixTask = {
    ...task,
    ...recorded(task, event),
    state: step.to,
    version: task.version + 1,
    at: { ...task.at, [step.to]: now },
    audit: [...task.audit, entry],
  };
  return { ok: true, task: next };
}
