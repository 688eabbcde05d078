import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelRefusedError, type IncidentChannels } from '../../../src/core/ports.js';
import { createSlackIncidentChannels } from '../../../src/platform/slack/slack-incident-channels.js';
import { BOT_USER_ID, type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';

const TOKEN = 'xoxb-channels-test';

describe('incident channels over the Slack Web API', () => {
  let slack: FakeSlack;
  let channels: IncidentChannels;
  let id: string;

  beforeEach(async () => {
    slack = await startFakeSlack({ botToken: TOKEN });
    for (const name of ['alice', 'bob', 'carol']) slack.addUser({ id: `U0${name.toUpperCase()}`, name });
    slack.addUser({ id: 'U0GONE', name: 'gone', deleted: true });
    const client = new WebClient(TOKEN, {
      slackApiUrl: slack.url,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
    });
    channels = createSlackIncidentChannels(client);
    const created = await channels.create('ci-widgets-1');
    id = created.kind === 'created' ? created.id : '';
  });

  afterEach(async () => {
    await slack.close();
  });

  it('creates a public channel, and answers taken for a name in use', async () => {
    expect(id).toMatch(/^C/);
    expect(await channels.create('ci-widgets-1')).toEqual({ kind: 'taken' });
    expect(slack.createdChannels()[0]).toMatchObject({ name: 'ci-widgets-1', isPrivate: false });
  });

  it('invites everyone in one call when it can', async () => {
    expect(await channels.invite(id, ['U0ALICE', 'U0BOB'])).toEqual([]);
    expect(slack.members(id).sort()).toEqual(['U0ALICE', 'U0BOB']);
    expect(slack.callsTo('conversations.invite')).toHaveLength(1);
  });

  it('passes over who is in already, the bot and the deactivated, and still invites the rest', async () => {
    await channels.invite(id, ['U0ALICE']);
    const skipped = await channels.invite(id, ['U0ALICE', BOT_USER_ID, 'U0GONE', 'U0BOB', 'U0CAROL']);
    expect(skipped.slice().sort()).toEqual(['U0ALICE', 'U0GONE', BOT_USER_ID].sort());
    expect(slack.members(id).sort()).toEqual(['U0ALICE', 'U0BOB', 'U0CAROL']);
  });

  it('asks nothing for nobody', async () => {
    expect(await channels.invite(id, [])).toEqual([]);
    expect(slack.callsTo('conversations.invite')).toEqual([]);
  });

  it('turns refusals no retry mends into ChannelRefusedError, and throws transient failures as they came', async () => {
    slack.failNext('conversations.create', { error: 'missing_scope' });
    await expect(channels.create('ci-widgets-2')).rejects.toEqual(new ChannelRefusedError('missing_scope'));
    slack.failNext('conversations.invite', { error: 'internal_error' });
    const transient = await channels.invite(id, ['U0ALICE']).catch((error: unknown) => error);
    expect(transient).not.toBeInstanceOf(ChannelRefusedError);
    expect(transient).toBeInstanceOf(Error);
  });

  it('pins once (pinned already is done), and archives once (archived already is archived)', async () => {
    const client = new WebClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR });
    const posted = await client.chat.postMessage({ channel: id, text: 'summary' });
    const message = { channel: id, ts: String(posted.ts) };
    await channels.pin(message);
    await channels.pin(message);
    expect(slack.createdChannels()[0]?.pins).toEqual([message.ts]);
    expect(await channels.archive(id)).toBe('archived');
    expect(await channels.archive(id)).toBe('archived');
    expect(await channels.archive('C0GONE')).toBe('channel_not_found');
  });
});
