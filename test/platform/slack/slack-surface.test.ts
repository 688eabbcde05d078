import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { Chat, IncidentChannels } from '../../../src/core/ports.js';
import { createSlackChat } from '../../../src/platform/slack/slack-chat.js';
import { createSlackIncidentChannels } from '../../../src/platform/slack/slack-incident-channels.js';
import { slackSurface } from '../../../src/platform/slack/slack-surface.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { recordSlackListeners } from '../../support/record-slack-listeners.js';

const SRC = new URL('../../../src/', import.meta.url);
const TOKEN = 'xoxb-surface-test';

/** Every TypeScript file under src/, as [path, text]. */
function sources(): [string, string][] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => [path, readFileSync(join(SRC.pathname, path), 'utf8')]);
}

/** The optional incident channels' adapter: its calls are held to the optional surface. */
const CHANNELS_ADAPTER = join('platform', 'slack', 'slack-incident-channels.ts');

/**
 * Web API methods src/ calls on a WebClient itself (`client.views.open(`), not through the Chat
 * port: in the files `pick` keeps (by default all but the optional incident channels' adapter).
 */
function directCalls(pick: (path: string) => boolean = (path) => path !== CHANNELS_ADAPTER): string[] {
  return sources()
    .filter(([path]) => pick(path))
    .flatMap(([, text]) =>
      [...text.matchAll(/\bclient\.((?:[a-z]+\.)+[a-zA-Z]+)\(/g)].flatMap((match) => match[1] ?? []),
    );
}

/**
 * The listener kinds Overseer uses; any other (shortcut, options, message…) needs the manifest too.
 * Buttons (action) and modal submissions (view) both come to the interactivity request URL.
 */
const KNOWN_KINDS = ['action', 'command', 'event', 'view'];

describe('the listeners registered with Bolt', () => {
  it('listen to exactly the bot events the Slack surface declares', () => {
    const events = recordSlackListeners()
      .filter(({ kind }) => kind === 'event')
      .map(({ id }) => id);
    // Slack's `message.*` subscriptions all reach Bolt as `message` events: `message.im` (channel_type
    // im) at the DM listener, `message.channels` and `message.groups` at the thread-reply listener.
    const declared = Object.keys(slackSurface.events).map((name) => name.replace(/^message\..*$/, 'message'));
    const unique = (ids: readonly unknown[]) => [...new Set(ids.map(String))].sort();
    expect(unique(events)).toEqual(unique(declared));
    expect(events.filter((id) => id === 'message')).toHaveLength(2);
  });

  it('are only actions, modal submissions, the slash command and events: anything else must be declared first', () => {
    const kinds = new Set(recordSlackListeners().map(({ kind }) => kind));
    expect([...kinds].sort()).toEqual(KNOWN_KINDS);
  });

  it('register the one slash command the Slack surface declares', () => {
    const commands = recordSlackListeners().filter(({ kind }) => kind === 'command');
    expect(commands.map(({ id }) => id)).toEqual([slackSurface.command.name]);
  });

  it('are all registered by registerSlackListeners, none elsewhere in src/', () => {
    const written = sources().flatMap(([path, text]) =>
      [
        ...text.matchAll(
          /\bapp\.(action|command|event|message|shortcut|view|options|function)\s*(?:<[^>]*>)?\(/g,
        ),
      ].map((match) => `${path}: app.${match[1]}`),
    );
    expect(written).toHaveLength(recordSlackListeners().length);
  });

  // The contract's subcommands, most not built yet, and one that never will be.
  const WORDS = ['status', 'help', 'check', 'incidents', 'tasks', 'ack', 'pause', 'resume', 'flags'];

  it.each([...WORDS, 'working-on', 'oncall', 'history', 'nonsense'])(
    '/overseer %s is answered if and only if the Slack surface declares it',
    async (sub) => {
      const command = recordSlackListeners().find(({ kind }) => kind === 'command');
      const answers: unknown[] = [];
      const collect = async (answer?: unknown) => void answers.push(answer);
      await command?.listener({ ack: collect, respond: collect, command: { text: sub } });

      const refused = answers.some((answer) => String(JSON.stringify(answer)).includes("I don't know"));
      expect(answers.length).toBeGreaterThan(0);
      expect(refused).toBe(!Object.hasOwn(slackSurface.command.subcommands, sub));
    },
  );
});

describe('the Web API methods Overseer calls', () => {
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    await slack?.close();
    slack = undefined;
  });

  it('are exactly those the Slack surface declares scopes for', async () => {
    slack = await startFakeSlack({ botToken: TOKEN, anyChannel: true });
    slack.addUser({ id: 'U0ALICE', name: 'alice', email: 'alice@acme.test' });
    slack.addUsergroup('S0LEADS', ['U0ALICE']);
    const chat = createSlackChat(new WebClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR }));
    // Keyed by the Chat port: a new port method does not compile until it is exercised here.
    const exercise: { [K in keyof Chat]: (chat: Chat) => Promise<unknown> } = {
      post: (c) => c.post({ channel: 'C0INCIDENTS', text: 'CI is red', incidentId: 'i1' }),
      dm: (c) => c.dm('U0ALICE', { text: 'CI is red' }),
      update: (c) => c.update({ channel: 'C0INCIDENTS', ts: '1.000100', text: 'CI is green' }),
      findIncidentMessage: (c) => c.findIncidentMessage('C0INCIDENTS', 'i1', 0),
      findDm: (c) => c.findDm('U0ALICE', { incidentId: 'i1', delivery: 'dm:1' }, 0),
      findReply: (c) =>
        c.findReply({ channel: 'C0INCIDENTS', ts: '1.000100' }, { incidentId: 'i1', delivery: 'note:1' }, 0),
      userIdByEmail: (c) => c.userIdByEmail('alice@acme.test'),
      ephemeral: (c) => c.ephemeral('C0INCIDENTS', 'U0ALICE', 'only you'),
      usergroupMembers: (c) => c.usergroupMembers('S0LEADS'),
      permalink: (c) => c.permalink({ channel: 'C0INCIDENTS', ts: '1.000100' }),
    };
    for (const call of Object.values(exercise)) await call(chat).catch(() => undefined);

    // The @-mention answer (Bolt's say) is a chat.postMessage too; listeners call the rest
    // (views.open) on Bolt's client directly.
    const called = new Set([...slack.calls.map(({ method }) => method), ...directCalls()]);
    expect([...called].sort()).toEqual(Object.keys(slackSurface.methods).sort());
  });

  it('are, wherever src/ calls the WebClient directly, declared', () => {
    const called = directCalls();
    expect(called.length).toBeGreaterThan(0);
    expect(called.filter((method) => !Object.hasOwn(slackSurface.methods, method))).toEqual([]);
  });

  it('of the optional incident channels are exactly those its section declares, and only its adapter calls them', async () => {
    slack = await startFakeSlack({ botToken: TOKEN });
    slack.addUser({ id: 'U0ALICE', name: 'alice' });
    const client = new WebClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR });
    const channels = createSlackIncidentChannels(client);
    const created = await channels.create('ci-widgets-1');
    const id = created.kind === 'created' ? created.id : 'C0NONE';
    const posted = await client.chat.postMessage({ channel: id, text: 'summary' });
    // Keyed by the port: a new method does not compile until it is exercised here.
    const exercise: { [K in keyof IncidentChannels]: (c: IncidentChannels) => Promise<unknown> } = {
      create: (c) => c.create('ci-widgets-1'),
      invite: (c) => c.invite(id, ['U0ALICE']),
      pin: (c) => c.pin({ channel: id, ts: String(posted.ts) }),
      archive: (c) => c.archive(id),
    };
    for (const call of Object.values(exercise)) await call(channels);

    const optional = Object.keys(slackSurface.incidentChannels.methods).sort();
    const called = new Set(
      slack.calls.map(({ method }) => method).filter((method) => method !== 'chat.postMessage'),
    );
    expect([...called].sort()).toEqual(optional);
    expect([...new Set(directCalls((path) => path === CHANNELS_ADAPTER))].sort()).toEqual(optional);
    expect(optional.filter((method) => Object.hasOwn(slackSurface.methods, method))).toEqual([]);
  });
});
