import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryRefusedError } from '../../../src/core/delivery-refused.js';
import { createSlackChat } from '../../../src/platform/slack/slack-chat.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';

const TOKEN = 'xoxb-dm-test';

describe('a DM through the Slack adapter', () => {
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
  });

  async function start() {
    slack = await startFakeSlack({ botToken: TOKEN });
    slack.addUser({ id: 'U0ALICE', name: 'alice' });
    return createSlackChat(new WebClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR }));
  }

  it('opens the conversation first and posts in it', async () => {
    const chat = await start();
    const posted = await chat.dm('U0ALICE', { text: 'CI is red' });
    expect(slack?.callsTo('conversations.open')).toHaveLength(1);
    expect(posted.channel).toMatch(/^D/);
    expect(slack?.messages('U0ALICE').map((m) => m.text)).toEqual(['CI is red']);
  });

  it('is still delivered, to the user ID, by an app installed before it asked for im:write', async () => {
    const chat = await start();
    slack?.failNext('conversations.open', { error: 'missing_scope' });
    await chat.dm('U0ALICE', { text: 'CI is red' });
    expect(slack?.callsTo('chat.postMessage').map((c) => c.params.channel)).toEqual(['U0ALICE']);
    expect(slack?.messages('U0ALICE').map((m) => m.text)).toEqual(['CI is red']);
  });

  it('is refused for good for a person Slack does not know, before anything is posted', async () => {
    const chat = await start();
    const refused = await chat.dm('U0NOBODY', { text: 'CI is red' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeliveryRefusedError);
    expect(slack?.callsTo('chat.postMessage')).toHaveLength(0);
  });
});
