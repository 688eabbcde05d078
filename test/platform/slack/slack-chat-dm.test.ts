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

  it('carries its delivery tag, and is found again by that tag only', async () => {
    const chat = await start();
    const tag = { incidentId: 'acme/widgets:ci.yml:main#3', delivery: 'dm:7' };
    const sent = await chat.dm('U0ALICE', { text: 'CI is red', ...tag });
    await chat.dm('U0ALICE', { text: 'CI is red', incidentId: tag.incidentId, delivery: 'dm:8' });
    expect(await chat.findDm('U0ALICE', tag, 0)).toEqual(sent);
    expect(await chat.findDm('U0ALICE', { ...tag, delivery: 'dm:9' }, 0)).toBeUndefined();
    expect(
      await chat.findDm('U0ALICE', { ...tag, incidentId: 'acme/widgets:ci.yml:main#4' }, 0),
    ).toBeUndefined();
    // Form-encoded, as the WebClient sends it.
    const asked = slack?.callsTo('conversations.history').map((c) => c.params.include_all_metadata);
    expect(asked).toEqual(['true', 'true', 'true']);
  });

  it('a thread reply carries its delivery tag, and is found again in the thread by that tag only', async () => {
    const chat = await start();
    slack?.addChannel('C0INCIDENTS');
    const tag = { incidentId: 'acme/widgets:ci.yml:main#3', delivery: 'page:4' };
    const root = await chat.post({ channel: 'C0INCIDENTS', text: 'CI is red', incidentId: tag.incidentId });
    const reply = await chat.post({ channel: 'C0INCIDENTS', threadTs: root.ts, text: 'on-call?', ...tag });
    await chat.post({ channel: 'C0INCIDENTS', threadTs: root.ts, text: 'later', ...tag, delivery: 'note:5' });
    expect(await chat.findReply(root, tag, 0)).toEqual(reply);
    expect(await chat.findReply(root, { ...tag, delivery: 'page:6' }, 0)).toBeUndefined();
    // The incident message itself carries the incident's tag without a delivery: never taken for a reply.
    expect(await chat.findReply(root, { incidentId: tag.incidentId, delivery: '' }, 0)).toBeUndefined();
  });

  it('is not looked up without im:write: the caller is told the history cannot be read', async () => {
    const chat = await start();
    slack?.failNext('conversations.open', { error: 'missing_scope' });
    const tag = { incidentId: 'i1', delivery: 'dm:1' };
    await expect(chat.findDm('U0ALICE', tag, 0)).rejects.toThrow(/im:write/);
  });

  it('is refused for good for a person Slack does not know, before anything is posted', async () => {
    const chat = await start();
    const refused = await chat.dm('U0NOBODY', { text: 'CI is red' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeliveryRefusedError);
    expect(slack?.callsTo('chat.postMessage')).toHaveLength(0);
  });
});
