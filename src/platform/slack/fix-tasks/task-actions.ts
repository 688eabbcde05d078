import type { BlockButtonAction } from '@slack/bolt';
import type { Log } from '../../../core/ports.js';
import type { DecideOutcome, TaskClick } from '../../../fix-tasks/decide-task.js';
import type { ListenerApp } from '../listener-router.js';
import { inert, mention } from '../mrkdwn.js';
import { parseTaskButtonValue } from './task-view.js';

export interface TaskActionDeps {
  readonly log: Log;
  readonly approveTask: (click: TaskClick) => Promise<DecideOutcome>;
  readonly dismissTask: (click: TaskClick, reason: string) => Promise<DecideOutcome>;
  readonly approveMerge: (click: TaskClick) => Promise<DecideOutcome>;
}

/** What the clicker is told when their click did not move the task; nothing when it did. */
export function taskReply(outcome: DecideOutcome): string | undefined {
  switch (outcome.kind) {
    case 'started':
    case 'dismissed':
    case 'merged':
      return undefined;
    case 'not-allowed':
      return outcome.approvers.length === 0
        ? 'Nobody may approve fix tasks: no approvers are set (OVERSEER_APPROVERS). Nothing changed.'
        : `Only the approvers may do this: ${outcome.approvers.map(mention).join(', ')}. Nothing changed.`;
    case 'moved-on':
      // The reason is a sentence from the lifecycle ("this task has moved on: it is running").
      return `${outcome.reason.charAt(0).toUpperCase()}${outcome.reason.slice(1)}. Nothing changed.`;
    case 'paused':
      return `Overseer is paused by ${mention(outcome.pause.by)}, so nothing is started. \`/overseer resume\` lifts the pause.`;
    case 'blocked':
      // The reason may name GitHub's checks of the pull request: text from GitHub, kept inert.
      return `Nothing changed: ${inert(outcome.reason)}.`;
    case 'gone':
      return 'Overseer no longer tracks this task.';
  }
}

/** Tells `user` something only they see, in `channel`; best effort. */
export type Tell = (channel: string | undefined, user: string, text: string) => Promise<void>;

/**
 * Approve & Start on a fix task's message. Acknowledged to Slack at once; who may press it is
 * checked server-side on every click, and whoever's click did not move the task is told why, only
 * to them. (Dismiss asks why first: dismiss-actions.ts.)
 */
export function registerTaskActions(
  app: ListenerApp,
  deps: TaskActionDeps,
  tell: Tell,
  ids: { readonly approve: string; readonly merge: string },
): void {
  const handle =
    (decide: (click: TaskClick) => Promise<DecideOutcome>) =>
    async ({
      ack,
      body,
      action,
    }: {
      ack: () => Promise<void>;
      body: BlockButtonAction;
      action: BlockButtonAction['actions'][number];
    }) => {
      await ack();
      const value = parseTaskButtonValue(action.value);
      if (value === undefined) {
        deps.log.warn({ action: action.action_id }, 'Fix task button with a value Overseer did not write');
        return;
      }
      const outcome = await decide({ ...value, userId: body.user.id });
      const reply = taskReply(outcome);
      if (reply) await tell(body.channel?.id, body.user.id, reply);
    };
  app.action<BlockButtonAction>(
    ids.approve,
    handle((click) => deps.approveTask(click)),
  );
  app.action<BlockButtonAction>(
    ids.merge,
    handle((click) => deps.approveMerge(click)),
  );
}
