import type { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DecideOutcome } from '../../../../src/fix-tasks/decide-task.js';
import { registerDismissActions } from '../../../../src/platform/slack/fix-tasks/dismiss-actions.js';
import {
  DISMISS_VIEW_CALLBACK_ID,
  dismissModal,
} from '../../../../src/platform/slack/fix-tasks/dismiss-view.js';
import { slackLogger } from '../../../../src/platform/slack/slack-logger.js';
import { type FakeSlack, startFakeSlack } from '../../../support/fake-slack.js';
import { viewSubmissionPayload } from '../../../support/slack-payloads.js';

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0INCIDENTS';
const BUTTON = 'overseer_task_dismiss';
const TASK = { incidentId: 'acme/widgets:ci.yml:main#4', taskId: 'T-3', version: 2 };

type Listener = (args: Record<string, unknown>) => Promise<void>;

/** The two listeners registerDismissActions registers, on a stand-in that only records them. */
function register(dismissTask: () => Promise<DecideOutcome>) {
  const listeners = new Map<string, Listener>();
  const told: Array<{ channel: string | undefined; user: string; text: string }> = [];
  const record = (kind: string) => (id: string, listener: Listener) =>
    void listeners.set(`${kind}:${id}`, listener);
  const app = { action: record('action'), view: record('view') } as unknown as App;
  registerDismissActions(
    app,
    {
      log: pino({ level: 'silent' }),
      approveTask: async () => ({ kind: 'gone' }),
      approveMerge: async () => ({ kind: 'gone' }),
      dismissTask,
    },
    async (channel, user, text) => void told.push({ channel, user, text }),
    BUTTON,
  );
  const get = (key: string) => {
    const listener = listeners.get(key);
    if (listener === undefined) throw new Error(`no ${key} listener`);
    return listener;
  };
  return { press: get(`action:${BUTTON}`), submit: get(`view:${DISMISS_VIEW_CALLBACK_ID}`), told };
}

/** An ack that records what it was called with. */
function recordingAck() {
  const calls: Array<{ answer: unknown }> = [];
  return { calls, ack: async (answer?: unknown) => void calls.push({ answer }) };
}

describe('the Dismiss button and its form', () => {
  let slack: FakeSlack;
  let client: WebClient;
  beforeEach(async () => {
    slack = await startFakeSlack({ botToken: TOKEN });
    slack.expectOnly(['views.open']);
    client = new WebClient(TOKEN, {
      slackApiUrl: slack.url,
      logger: slackLogger(pino({ level: 'silent' })),
      retryConfig: { retries: 0 },
    });
  });
  afterEach(async () => {
    slack.assertNoUnexpected();
    await slack.close();
  });

  const click = (value: string, trigger = slack.issueTrigger('U0LEAD')) => ({
    body: { user: { id: 'U0LEAD' }, channel: { id: CHANNEL }, trigger_id: trigger },
    action: { action_id: BUTTON, value },
    client,
  });

  const submission = (typed: string) =>
    viewSubmissionPayload({
      view: { id: 'V1', hash: '1.2', ...dismissModal({ task: TASK, channel: CHANNEL }) },
      user: 'U0LEAD',
      typed: { dismiss_reason: typed },
      triggerId: slack.issueTrigger('U0LEAD'),
    });

  it('a button value Overseer did not write opens nothing and tells nobody', async () => {
    const { press, told } = register(async () => ({ kind: 'gone' }));
    const { ack, calls } = recordingAck();
    await press({ ack, ...click('{"not":"ours"}') });
    expect(calls).toHaveLength(1);
    expect(slack.calls).toEqual([]);
    expect(told).toEqual([]);
  });

  it('a form Slack will not open for another reason is said with what Slack answered', async () => {
    slack.failNext('views.open', { error: 'fatal_error' });
    const { press, told } = register(async () => ({ kind: 'gone' }));
    await press({ ...recordingAck(), ...click(JSON.stringify({ i: TASK.incidentId, t: 'T-3', v: 2 })) });
    expect(told).toEqual([
      {
        channel: CHANNEL,
        user: 'U0LEAD',
        text: 'The form to dismiss T-3 could not be opened (Slack answered fatal_error). Nothing changed; try again in a minute.',
      },
    ]);
  });

  it('a reason over 300 characters is refused in the form', async () => {
    const { submit } = register(async () => {
      throw new Error('not to be called');
    });
    // Slack's client holds back text over the input's max_length; the bot does not rely on it.
    const payload = submission('x');
    const values = payload.view.state.values as Record<string, Record<string, { value: string }>>;
    const typed = values.dismiss_reason?.reason;
    if (typed) typed.value = 'x'.repeat(301);
    const { ack, calls } = recordingAck();
    await submit({ ack, body: payload, view: payload.view });
    expect(calls.map(({ answer }) => answer)).toEqual([
      { response_action: 'errors', errors: { dismiss_reason: 'Keep it to 300 characters (this is 301).' } },
    ]);
  });

  it('a dismissal slower than Slack waits for closes the form in time and tells a refusal privately', async () => {
    // The dismissal is held until the test ends it: the form must be answered while it still runs.
    let finish: (outcome: DecideOutcome) => void = () => undefined;
    const { submit, told } = register(
      () =>
        new Promise((resolve) => {
          finish = resolve;
        }),
    );
    const { ack, calls } = recordingAck();
    const payload = submission('flaky');
    const submitted = submit({ ack, body: payload, view: payload.view });
    await vi.waitFor(() => expect(calls).toHaveLength(1), { timeout: 15_000, interval: 20 });
    expect(calls.map(({ answer }) => answer)).toEqual([undefined]);
    expect(told).toEqual([]);

    finish({ kind: 'moved-on', reason: 'this task has moved on: it is running' });
    await submitted;
    expect(calls).toHaveLength(1);
    expect(told).toEqual([
      { channel: CHANNEL, user: 'U0LEAD', text: 'This task has moved on: it is running. Nothing changed.' },
    ]);
  });

  it('a dismissal that fails says so in the form, without guessing whether it landed', async () => {
    const { submit } = register(async () => {
      throw new Error('store down');
    });
    const { ack, calls } = recordingAck();
    const payload = submission('flaky');
    await submit({ ack, body: payload, view: payload.view });
    const answer = calls[0]?.answer as { response_action: string; view: { blocks: unknown[] } };
    expect(answer.response_action).toBe('update');
    expect(JSON.stringify(answer.view.blocks)).toContain(
      "Overseer could not record the dismissal of T-3 just now. The task's message shows where it stands",
    );
  });
});
