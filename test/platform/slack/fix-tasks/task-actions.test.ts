import { describe, expect, it } from 'vitest';
import { movedOn } from '../../../../src/fix-tasks/domain/fix-task-transition.js';
import { taskReply } from '../../../../src/platform/slack/fix-tasks/task-actions.js';

describe('what a clicker is told when their click did not move the task', () => {
  it('a stale or losing click says where the task stands, once', () => {
    expect(taskReply({ kind: 'moved-on', reason: movedOn({ state: 'running' }) })).toBe(
      'This task has moved on: it is running. Nothing changed.',
    );
  });

  it('a non-approver is told who may approve (users and user groups)', () => {
    expect(taskReply({ kind: 'not-allowed', approvers: ['U0LEAD', 'S0LEADS'] })).toBe(
      'Only the approvers may do this: <@U0LEAD>, <!subteam^S0LEADS>. Nothing changed.',
    );
    expect(taskReply({ kind: 'not-allowed', approvers: [] })).toMatch(/no approvers are set/);
  });

  it('a task Overseer no longer holds is said so', () => {
    expect(taskReply({ kind: 'gone' })).toBe('Overseer no longer tracks this task.');
  });
});
