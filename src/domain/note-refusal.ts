import type { Actor, FixTask } from './fix-task.js';

/**
 * The task with a refused attempt on its audit log (a non-approver's click, a stale button): who
 * tried what, and why not. State and version stay as they were, so the message's buttons stay good
 * for the people who may press them.
 */
export function noteRefusal(
  task: FixTask,
  attempt: { readonly by: Actor; readonly action: string; readonly reason: string },
  now: number,
): FixTask {
  return {
    ...task,
    audit: [
      ...task.audit,
      {
        at: now,
        actor: attempt.by,
        action: attempt.action,
        from: task.state,
        to: task.state,
        outcome: 'refused',
        reason: attempt.reason,
      },
    ],
  };
}
