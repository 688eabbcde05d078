import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { WatchDoc } from '../../src/ci/watch-doc.js';
import type { FixTask } from '../../src/fix-tasks/domain/fix-task.js';
import { createStore } from '../../src/platform/store/create-store.js';
import type { OpenedView, SlackMessage } from '../support/fake-slack.js';
import { CHANNEL, fixTaskReply, perTestWorld, SIGNING_SECRET, visibleText } from '../support/scenario.js';
import { postSignedInteraction } from '../support/sign.js';
import { buttonClickPayload, findButton, viewSubmissionPayload } from '../support/slack-payloads.js';
import type { Bot } from '../support/start-bot.js';

const LEAD = 'U0LEAD';
const OTHER_LEAD = 'U0LEAD2';
const VISITOR = 'U0VISITOR';
const APPROVE = 'overseer_task_approve';
const DISMISS = 'overseer_task_dismiss';
const REASON_BLOCK = 'dismiss_reason';

/** Every text a person reads in a view (a form, or what it turned into). */
function viewText(view: unknown): string {
  const { blocks } = (view ?? {}) as { blocks?: unknown[] };
  return visibleText({ text: '', blocks: blocks ?? [] } as unknown as SlackMessage);
}

/** What the bot answered a view submission with: undefined for an empty ack (the form closes). */
type ViewAnswer = { response_action?: string; errors?: Record<string, string>; view?: unknown } | undefined;

describe('Dismiss asks why, end to end', () => {
  const t = perTestWorld();

  /** The bot with two approvers, a red regression, and the fix task message it proposed. */
  async function redWithTask(): Promise<{ bot: Bot; task: SlackMessage }> {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(
      t.world.env({ OVERSEER_ORIGINATE_ENABLED: 'true', OVERSEER_APPROVERS: `${LEAD},${OTHER_LEAD}` }),
    );
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );
    t.world.push('Break the widget parser', 'failure');
    const task = await taskMessage((m) => findButton(m.blocks, DISMISS) !== undefined);
    return { bot, task };
  }

  /** The task message in the incident thread, once `ready` holds for it. */
  function taskMessage(ready: (message: SlackMessage) => boolean): Promise<SlackMessage> {
    return t.world.slack.waitFor((slack) => {
      const found = fixTaskReply(slack);
      return found && ready(found) ? found : false;
    }, 15_000);
  }

  async function post(bot: Bot, payload: unknown): Promise<Response> {
    const response = await postSignedInteraction(bot.url, SIGNING_SECRET, payload);
    expect(response.status).toBe(200);
    return response;
  }

  /** `user` presses Dismiss (with a fresh trigger); answers the form it opened. */
  async function pressDismiss(bot: Bot, task: SlackMessage, user: string): Promise<OpenedView> {
    const before = t.world.slack.openedViews().length;
    await post(bot, clickPayload(task, user, t.world.slack.issueTrigger(user)));
    return t.world.slack.waitFor(
      (slack) =>
        slack
          .openedViews()
          .slice(before)
          .find((v) => v.user === user),
      15_000,
    );
  }

  function clickPayload(task: SlackMessage, user: string, triggerId: string) {
    return buttonClickPayload({
      message: task,
      actionId: DISMISS,
      label: 'Dismiss',
      user,
      responseUrl: t.world.slack.responseUrl(),
      triggerId,
    });
  }

  async function submit(bot: Bot, form: OpenedView, user: string, reason: string, triggerId?: string) {
    const payload = viewSubmissionPayload({
      view: form.view,
      user,
      typed: { [REASON_BLOCK]: reason },
      triggerId: triggerId ?? t.world.slack.issueTrigger(user),
    });
    // Slack shows the person an error when a submission is not answered within 3 s: the answer
    // must not wait on Slack's Web API or on GitHub, so both are held unanswered until it came.
    const slack = t.world.slack.hold(['chat.update', 'chat.postMessage', 'chat.postEphemeral']);
    const github = t.world.github.hold({});
    try {
      const response = await post(bot, payload);
      const text = await response.text();
      return (text === '' ? undefined : JSON.parse(text)) as ViewAnswer;
    } finally {
      slack.release();
      github.release();
    }
  }

  /** The stored task, read once the bot has stopped (the embedded store is one process's). */
  async function storedTask(bot: Bot): Promise<FixTask | undefined> {
    await bot.stop();
    const store = await createStore({ kind: 'embedded', dataDir: bot.dataDir }, pino({ level: 'silent' }));
    try {
      const doc = await store.get<WatchDoc>('watch:acme/widgets:ci.yml:main');
      return doc?.value.current?.task;
    } finally {
      await store.close();
    }
  }

  it('the form asks why; the reason typed dismisses the task, shown in place and kept on its audit log', async () => {
    const { bot, task } = await redWithTask();
    const form = await pressDismiss(bot, task, LEAD);
    expect(form.view).toMatchObject({
      type: 'modal',
      title: { type: 'plain_text', text: 'Dismiss fix task T-1' },
      submit: { text: 'Dismiss task' },
      close: { text: 'Cancel' },
    });
    expect(viewText(form.view)).toContain('Why dismiss fix task T-1?');
    expect(JSON.parse(String(form.view.private_metadata))).toMatchObject({ t: 'T-1', v: 1, c: CHANNEL });

    // Spaces only: Slack's client sends it, the form says what is missing and stays open.
    const blank = await submit(bot, form, LEAD, '   ');
    expect(blank?.response_action).toBe('errors');
    expect(blank?.errors?.[REASON_BLOCK]).toMatch(/^Say why/);
    expect(findButton((await taskMessage(() => true)).blocks, DISMISS)).toBeDefined();

    const reason = 'Runner flaked <!channel>; re-ran it by hand';
    const trigger = t.world.slack.issueTrigger(LEAD);
    expect(await submit(bot, form, LEAD, reason, trigger)).toBeUndefined();
    const dismissed = await taskMessage((m) => /Dismissed by/.test(visibleText(m)));
    const shown = visibleText(dismissed);
    expect(shown).toContain(`Dismissed by <@${LEAD}>`);
    expect(shown).toContain('Why: Runner flaked &lt;!channel&gt;; re-ran it by hand');
    expect(findButton(dismissed.blocks, APPROVE)).toBeUndefined();
    expect(findButton(dismissed.blocks, DISMISS)).toBeUndefined();

    // Slack sending the same submission again closes the form and changes nothing.
    expect(await submit(bot, form, LEAD, reason, trigger)).toBeUndefined();
    expect(t.world.slack.ephemerals(CHANNEL)).toEqual([]);
    expect(t.world.github.rerunRequests).toEqual([]);

    const stored = await storedTask(bot);
    expect(stored).toMatchObject({ state: 'dismissed', dismissedBy: LEAD, dismissReason: reason });
    expect(stored?.audit.filter((entry) => entry.action === 'dismiss')).toEqual([
      expect.objectContaining({ actor: LEAD, from: 'pending', to: 'dismissed', outcome: 'done', reason }),
    ]);
  }, 40_000);

  it('a non-approver and a stale form are refused in the form, saying why, and nothing changes', async () => {
    const { bot, task } = await redWithTask();
    const visitorForm = await pressDismiss(bot, task, VISITOR);
    const refused = await submit(bot, visitorForm, VISITOR, 'looks noisy');
    expect(refused?.response_action).toBe('update');
    expect(viewText(refused?.view)).toContain(
      `Only the approvers may do this: <@${LEAD}>, <@${OTHER_LEAD}>. Nothing changed.`,
    );
    expect(findButton((await taskMessage(() => true)).blocks, DISMISS)).toBeDefined();

    // Both approvers open the form; the first to submit wins, the second is told it moved on.
    const first = await pressDismiss(bot, task, LEAD);
    const second = await pressDismiss(bot, task, OTHER_LEAD);
    expect(await submit(bot, first, LEAD, 'fixed on a branch already')).toBeUndefined();
    const late = await submit(bot, second, OTHER_LEAD, 'duplicate of T-0');
    expect(late?.response_action).toBe('update');
    expect(viewText(late?.view)).toContain('This task has moved on: it is dismissed. Nothing changed.');

    const stored = await storedTask(bot);
    expect(stored?.dismissReason).toBe('fixed on a branch already');
    expect(stored?.audit.filter((entry) => entry.outcome === 'refused')).toEqual([
      expect.objectContaining({ actor: VISITOR, action: 'dismiss', reason: 'not an approver' }),
    ]);
  }, 40_000);

  it('a form that cannot be opened in time is said privately, and nothing changes', async () => {
    const { bot, task } = await redWithTask();
    const expired = t.world.slack.issueTrigger(LEAD, { issuedAt: Date.now() - 3_500 });
    await post(bot, clickPayload(task, LEAD, expired));
    const told = await t.world.slack.waitFor(
      (slack) => slack.ephemerals(CHANNEL).find((e) => e.user === LEAD),
      15_000,
    );
    expect(told.text).toBe(
      'The form to dismiss T-1 could not be opened in time. Press *Dismiss* again; nothing changed.',
    );
    expect(t.world.slack.openedViews()).toEqual([]);
    expect(findButton((await taskMessage(() => true)).blocks, DISMISS)).toBeDefined();
    expect((await storedTask(bot))?.state).toBe('pending');
  }, 40_000);
});
