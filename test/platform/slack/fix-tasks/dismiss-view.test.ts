import { describe, expect, it } from 'vitest';
import {
  dismissModal,
  readDismissForm,
  reasonProblem,
} from '../../../../src/platform/slack/fix-tasks/dismiss-view.js';

const TASK = { incidentId: 'acme/widgets:ci.yml:main#4', taskId: 'T-3', version: 2 };

describe('the Dismiss form', () => {
  it('carries the task as the clicker saw it and the channel, and reads them back', () => {
    const view = dismissModal({ task: TASK, channel: 'C0INCIDENTS' });
    expect(readDismissForm(view.private_metadata ?? '')).toEqual({ task: TASK, channel: 'C0INCIDENTS' });
    expect(readDismissForm(dismissModal({ task: TASK }).private_metadata ?? '')).toEqual({ task: TASK });
  });

  it.each(['', 'not json', '{"i":"x","t":"T-1"}', '{"i":1,"t":"T-1","v":1}'])(
    'refuses metadata Overseer did not write: %s',
    (metadata) => {
      expect(readDismissForm(metadata)).toBeUndefined();
    },
  );

  it.each([
    ['T-3', 'Dismiss fix task T-3'],
    ['T-12345', 'Dismiss fix task T-12345'],
    ['T-123456', 'Dismiss T-123456'],
    ['T-1234567890123456789', 'Dismiss fix task'],
  ])('titles task %s within the 24 characters Slack allows: %s', (taskId, title) => {
    expect(dismissModal({ task: { ...TASK, taskId } }).title.text).toBe(title);
  });

  it('takes a reason of 1 to 300 characters', () => {
    expect(reasonProblem('')).toMatch(/^Say why/);
    expect(reasonProblem('x')).toBeUndefined();
    expect(reasonProblem('x'.repeat(300))).toBeUndefined();
    expect(reasonProblem('x'.repeat(301))).toBe('Keep it to 300 characters (this is 301).');
  });
});
