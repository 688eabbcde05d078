import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { slackRefusal } from './slack-refusal.js';

const TOKEN = 'xoxb-test-token';
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('fake Slack views.publish, as Slack documents it', () => {
  let slack: FakeSlack;
  let client: WebClient;
  beforeEach(async () => {
    slack = await startFakeSlack({ botToken: TOKEN });
    client = new WebClient(TOKEN, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  });
  afterEach(async () => slack.close());

  it('publishes a home view for the user, replacing the one before under the same view ID', async () => {
    const first = await client.views.publish({
      user_id: 'U0ALICE',
      view: { type: 'home', blocks: [section('one')] },
    });
    const second = await client.views.publish({
      user_id: 'U0ALICE',
      view: { type: 'home', blocks: [section('two')] },
    });
    expect(second.view?.id).toBe(first.view?.id);
    expect(slack.homeView('U0ALICE')?.blocks).toEqual([section('two')]);
    expect(slack.homeView('U0BOB')).toBeUndefined();
  });

  it('refuses a view that is not a home view, or has more than 100 blocks', async () => {
    const modal = await slackRefusal(
      client.views.publish({
        user_id: 'U0ALICE',
        view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } as never,
      }),
    );
    expect(modal.error).toBe('invalid_arguments');
    expect(modal.messages).toContain('[ERROR] must be home [json-pointer:/view/type]');
    const many = Array.from({ length: 101 }, (_, i) => section(`block ${i}`));
    const big = await slackRefusal(
      client.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: many } }),
    );
    expect(big.messages).toContain('[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]');
    expect(slack.homeView('U0ALICE')).toBeUndefined();
  });

  it('checks section text, header text and a button confirm dialog against their limits', async () => {
    const view = {
      type: 'home' as const,
      blocks: [
        section('x'.repeat(3001)),
        { type: 'header', text: { type: 'mrkdwn', text: 'Overseer' } },
        {
          ...section('flag'),
          accessory: {
            type: 'button',
            text: { type: 'plain_text', text: 'Turn off' },
            confirm: {
              title: { type: 'plain_text', text: 'Sure?' },
              text: { type: 'mrkdwn', text: 'y'.repeat(301) },
              confirm: { type: 'plain_text', text: 'Yes' },
            },
          },
        },
      ],
    };
    const { messages } = await slackRefusal(
      client.views.publish({ user_id: 'U0ALICE', view: view as never }),
    );
    expect(messages).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]',
      '[ERROR] must be plain_text [json-pointer:/view/blocks/1/text/type]',
      '[ERROR] must be less than 301 characters [json-pointer:/view/blocks/2/accessory/confirm/text/text]',
      '[ERROR] must be a text object [json-pointer:/view/blocks/2/accessory/confirm/deny]',
    ]);
  });

  it('answers hash_conflict when the hash is not the current view’s', async () => {
    const { view } = await client.views.publish({
      user_id: 'U0ALICE',
      view: { type: 'home', blocks: [section('one')] },
    });
    expect(
      (
        await slackRefusal(
          client.views.publish({ user_id: 'U0ALICE', hash: 'stale', view: { type: 'home', blocks: [] } }),
        )
      ).error,
    ).toBe('hash_conflict');
    await client.views.publish({
      user_id: 'U0ALICE',
      hash: String(view?.hash),
      view: { type: 'home', blocks: [] },
    });
    expect(slack.homeView('U0ALICE')?.blocks).toEqual([]);
  });
});
