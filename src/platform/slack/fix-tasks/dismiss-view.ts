import type { ModalView, PlainTextElement } from '@slack/types';
import { parseTaskButtonValue, type TaskButtonValue } from './task-view.js';

/** The Dismiss form's `callback_id`: its submissions come back to the listener with this ID. */
export const DISMISS_VIEW_CALLBACK_ID = 'overseer_task_dismiss_reason';
export const REASON_BLOCK_ID = 'dismiss_reason';
export const REASON_ACTION_ID = 'reason';
/** The longest reason kept; the task's message shows it in full. */
export const MAX_REASON_LENGTH = 300;

/** What the form carries from the button to its submission: the task as the clicker saw it. */
export interface DismissForm {
  readonly task: TaskButtonValue;
  /** Where the task's message is, for telling the person anything after the form closed. */
  readonly channel?: string;
}

function plain(text: string): PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

/** "Dismiss fix task T-3": Slack cuts nothing, it refuses a title over 24 characters. */
function title(taskId: string): PlainTextElement {
  for (const text of [`Dismiss fix task ${taskId}`, `Dismiss ${taskId}`]) {
    if (text.length <= 24) return plain(text);
  }
  return plain('Dismiss fix task');
}

/** The form Dismiss opens: why, in the approver's words, before anything changes. */
export function dismissModal(form: DismissForm): ModalView {
  const { task } = form;
  return {
    type: 'modal',
    callback_id: DISMISS_VIEW_CALLBACK_ID,
    private_metadata: JSON.stringify({
      i: task.incidentId,
      t: task.taskId,
      v: task.version,
      ...(form.channel === undefined ? {} : { c: form.channel }),
    }),
    title: title(task.taskId),
    submit: plain('Dismiss task'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: REASON_BLOCK_ID,
        label: plain(`Why dismiss fix task ${task.taskId}?`),
        element: {
          type: 'plain_text_input',
          action_id: REASON_ACTION_ID,
          multiline: true,
          max_length: MAX_REASON_LENGTH,
          placeholder: plain('For example: a flaky runner; I re-ran it by hand'),
        },
        hint: plain("Shown on the task's message in the incident thread and kept in its audit log."),
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Nothing more is done for a dismissed task. Only the approvers may dismiss fix tasks.',
          },
        ],
      },
    ],
  };
}

/** The task and channel a submitted form was opened for; undefined when Overseer did not write it. */
export function readDismissForm(privateMetadata: string): DismissForm | undefined {
  const task = parseTaskButtonValue(privateMetadata);
  if (task === undefined) return undefined;
  const { c: channel } = JSON.parse(privateMetadata) as { c?: unknown };
  return typeof channel === 'string' ? { task, channel } : { task };
}

/** Why a typed reason cannot be taken, in words for the form; undefined when it can. */
export function reasonProblem(reason: string): string | undefined {
  if (reason === '') return 'Say why in a few words: the reason goes on the task for everyone to see.';
  if (reason.length > MAX_REASON_LENGTH)
    return `Keep it to ${MAX_REASON_LENGTH} characters (this is ${reason.length}).`;
  return undefined;
}

/**
 * What the form turns into when the dismissal was refused: why (the reply already says that nothing
 * changed), and only a Close button, since typing something else cannot change the answer.
 */
export function dismissRefusedModal(taskId: string, reply: string): ModalView {
  return {
    type: 'modal',
    callback_id: DISMISS_VIEW_CALLBACK_ID,
    title: title(taskId),
    close: plain('Close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: reply } }],
  };
}
