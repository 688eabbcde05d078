import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackLogger } from '../../src/platform/slack/slack-logger.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { slackRefusal } from './slack-refusal.js';

const TOKEN = 'xoxb-test-token';

const modal = (overrides: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  callback_id: 'why',
  private_metadata: '{"t":"T-1"}',
  title: { type: 'plain_text' as const, text: 'Dismiss fix task T-1' },
  submit: { type: 'plain_text' as const, text: 'Dismiss' },
  blocks: [
    {
      type: 'input',
      block_id: 'reason',
      label: { type: 'plain_text', text: 'Why?' },
      element: { type: 'plain_text_input', action_id: 'text' },
    },
  ],
  ...overrides,
});

describe('fake Slack views.open, as Slack documents it', () => {
  let slack: FakeSlack;
  let client: WebClient;

  beforeEach(async () => {
    slack = await startFakeSlack({ botToken: TOKEN });
    client = new WebClient(TOKEN, {
      slackApiUrl: slack.url,
      // Slack's validation messages are expected here; the WebClient would log each as an error.
      logger: slackLogger(pino({ level: 'silent' })),
      retryConfig: { retries: 0 },
    });
  });
  afterEach(async () => {
    await slack.close();
  });

  it('exchanges a fresh trigger_id for the modal, once, and records it for the user', async () => {
    const trigger = slack.issueTrigger('U0LEAD');
    const result = await client.views.open({ trigger_id: trigger, view: modal() });
    expect(result.view).toMatchObject({
      type: 'modal',
      callback_id: 'why',
      private_metadata: '{"t":"T-1"}',
      state: { values: {} },
      root_view_id: result.view?.id,
    });
    expect(result.view?.id).toMatch(/^V/);
    expect(result.view?.hash).toBeTruthy();
    expect(slack.openedViews()).toEqual([{ user: 'U0LEAD', triggerId: trigger, view: result.view }]);

    expect(await slackRefusal(client.views.open({ trigger_id: trigger, view: modal() }))).toEqual({
      error: 'exchanged_trigger_id',
    });
  });

  it('fills in the block_id and action_id an app left out', async () => {
    const view = modal({
      blocks: [
        {
          type: 'input',
          label: { type: 'plain_text', text: 'Why?' },
          element: { type: 'plain_text_input' },
        },
      ],
    });
    const result = await client.views.open({ trigger_id: slack.issueTrigger('U0LEAD'), view });
    const [block] = (result.view?.blocks ?? []) as Array<{
      block_id?: string;
      element?: { action_id?: string };
    }>;
    expect(block?.block_id).toBeTruthy();
    expect(block?.element?.action_id).toBeTruthy();
  });

  it('refuses a trigger_id older than 3 seconds, and one it never minted', async () => {
    const old = slack.issueTrigger('U0LEAD', { issuedAt: Date.now() - 3_500 });
    expect(await slackRefusal(client.views.open({ trigger_id: old, view: modal() }))).toEqual({
      error: 'expired_trigger_id',
    });
    expect(await slackRefusal(client.views.open({ trigger_id: '12345.98765.abcd', view: modal() }))).toEqual({
      error: 'invalid_trigger_id',
    });
    expect(slack.openedViews()).toEqual([]);
  });

  it('answers invalid_arguments, naming the field, for a view Slack would not show', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: { type: 'plain_text', text: 'A title longer than 24 ch' } }, '/view/title/text'],
      [{ submit: { type: 'plain_text', text: 'Submit this form right now' } }, '/view/submit/text'],
      [{ submit: undefined }, '/view/submit'],
      [{ title: { type: 'mrkdwn', text: '*bold*' } }, '/view/title'],
      [{ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }, '/view/blocks'],
      [{ private_metadata: 'x'.repeat(3001) }, '/view/private_metadata'],
    ];
    for (const [overrides, pointer] of cases) {
      const answer = await slackRefusal(
        client.views.open({ trigger_id: slack.issueTrigger('U0LEAD'), view: modal(overrides) }),
      );
      expect(answer.error).toBe('invalid_arguments');
      expect(answer.messages?.join('\n')).toContain(`[json-pointer:${pointer}`);
    }
    expect(slack.openedViews()).toEqual([]);
  });

  it('answers invalid_arguments without a trigger_id', async () => {
    const answer = await slackRefusal(client.apiCall('views.open', { view: modal() }));
    expect(answer.error).toBe('invalid_arguments');
  });
});
