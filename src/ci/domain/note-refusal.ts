import type { Actor, FixTask, FixTaskAuditEntry } from '../../fix-tasks/domain/fix-task.js';

/**
 * Refused attempts a task's audit log keeps, the newest: enough to see who kept trying, while
 * clicks from anyone who sees the message can never grow the stored task without bound.
 */
export const MAX_REFUSALS_KEPT = 50;

/**
 * The task with a refused attempt on its audit log (a non-approver's click, a stale button): who
 * tried what, and why not. State and version stay as they were, so the message's buttons stay good
 * for the people who may press them. Transitions are always kept; only the oldest refusals go.
 */
export function noteRefusal(
  task: FixTask,
  attempt: { readonly by: Actor; readonly action: string; readonly reason: string },
  now: number,
): FixTask {
  const entry: FixTaskAuditEntry = {
    at: now,
    actor: attempt.by,
    action: attempt.action,
    from: task.state,
    to: task.state,
    outcome: 'refused',
    reason: attempt.reason,
  };
  const audit = [...task.audit, entry];
  let excess = audit.filter((line) => line.outcome === 'refused').length - MAX_REFUSALS_KEPT;
  const kept = audit.filter((line) => {
    if (excess <= 0 || line.outcome !== 'refused') return true;
    excess -= 1;
    return false;
  });
  return { ...task, audit: kept };
}
