import type { BlockButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { DecideOutcome } from '../../../fix-tasks/decide-task.js';
import type { ListenerApp } from '../listener-router.js';
import { platformError } from '../slack-chat.js';
import {
  DISMISS_VIEW_CALLBACK_ID,
  dismissModal,
  dismissRefusedModal,
  REASON_ACTION_ID,
  REASON_BLOCK_ID,
  readDismissForm,
  reasonProblem,
} from './dismiss-view.js';
import { type TaskActionDeps, type Tell, taskReply } from './task-actions.js';
import { parseTaskButtonValue } from './task-view.js';

/**
 * Slack wants a view submission answered within 3 s, and only that answer can keep the form open
 * or change it. A dismissal that takes longer (Slack slow to take the task message's update) is
 * answered by closing the form; its outcome, if it was a refusal, follows privately.
 */
const ANSWER_WITHIN_MS = 2_000;

/** The trigger could not be used: pressing the button again gives a fresh one. */
const STALE_TRIGGER = new Set(['expired_trigger_id', 'exchanged_trigger_id', 'invalid_trigger_id']);

function openFailedText(taskId: string, error: string | undefined): string {
  if (error !== undefined && STALE_TRIGGER.has(error))
    return `The form to dismiss ${taskId} could not be opened in time. Press *Dismiss* again; nothing changed.`;
  return `The form to dismiss ${taskId} could not be opened (Slack answered ${error ?? 'with an error'}). Nothing changed; try again in a minute.`;
}

type Settled = { readonly outcome: DecideOutcome } | { readonly error: unknown };

/** What `work` settled to, or undefined when it did not within `ms` (it keeps running). */
async function settledWithin(work: Promise<Settled>, ms: number): Promise<Settled | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

function failedText(taskId: string): string {
  return `Overseer could not record the dismissal of ${taskId} just now. The task's message shows where it stands; try again in a minute.`;
}

/**
 * Dismiss asks why. The button opens a form at once (its trigger_id lasts 3 s, so nothing slow
 * comes first); the form's submission dismisses the task with the reason typed. Anyone may open
 * the form: who may dismiss is decided server-side by `dismissTask`, on submission, which also
 * notes a refused attempt on the task's audit log.
 */
export function registerDismissActions(
  app: ListenerApp,
  deps: TaskActionDeps,
  tell: Tell,
  actionId: string,
): void {
  app.action<BlockButtonAction>(actionId, async ({ ack, body, action, client }) => {
    await ack();
    const task = parseTaskButtonValue(action.value);
    if (task === undefined) {
      deps.log.warn({ action: action.action_id }, 'Fix task button with a value Overseer did not write');
      return;
    }
    const channel = body.channel?.id ?? body.container?.channel_id;
    try {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: dismissModal(channel === undefined ? { task } : { task, channel }),
      });
    } catch (error) {
      const code = platformError(error);
      deps.log.warn({ err: error, task: task.taskId, code }, 'Dismiss form could not be opened');
      await tell(channel, body.user.id, openFailedText(task.taskId, code));
    }
  });

  app.view<ViewSubmitAction>(DISMISS_VIEW_CALLBACK_ID, async ({ ack, body, view }) => {
    const form = readDismissForm(view.private_metadata);
    if (form === undefined) {
      deps.log.warn({ view: view.id }, 'Dismiss form Overseer did not write; closed');
      await ack();
      return;
    }
    const reason = (view.state.values[REASON_BLOCK_ID]?.[REASON_ACTION_ID]?.value ?? '').trim();
    const problem = reasonProblem(reason);
    if (problem !== undefined) {
      await ack({ response_action: 'errors', errors: { [REASON_BLOCK_ID]: problem } });
      return;
    }
    const { taskId } = form.task;
    const user = body.user.id;
    const work: Promise<Settled> = deps.dismissTask({ ...form.task, userId: user }, reason).then(
      (outcome) => ({ outcome }),
      (error: unknown) => ({ error }),
    );
    const settled = await settledWithin(work, ANSWER_WITHIN_MS);
    if (settled === undefined) await ack();
    const answer = settled ?? (await work);
    let reply: string | undefined;
    if ('error' in answer) {
      deps.log.warn({ err: answer.error, task: taskId }, 'Fix task dismissal failed');
      reply = failedText(taskId);
    } else {
      reply = taskReply(answer.outcome);
    }
    if (settled === undefined) {
      if (reply !== undefined) await tell(form.channel, user, reply);
      return;
    }
    await ack(
      reply === undefined
        ? undefined
        : { response_action: 'update', view: dismissRefusedModal(taskId, reply) },
    );
  });
}
