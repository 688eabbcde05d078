import { type AnyMiddlewareArgs, App, type Middleware, type Receiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { interactionRoute } from '../../../src/platform/slack/interaction-route.js';
import { TEAM_ID } from '../../support/fake-slack.js';
import { CHANNEL } from '../../support/scenario.js';
import {
  buttonClickPayload,
  eventCallback,
  slashCommandPayload,
  viewSubmissionPayload,
} from '../../support/slack-payloads.js';

const TOKEN = 'xoxb-test';
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const logger = { ...silent, setLevel() {}, getLevel: () => 'error' as never, setName() {} };
/** A receiver that hands Bolt nothing by itself: the test calls `app.processEvent`. */
const quietReceiver: Receiver = { init() {}, start: async () => undefined, stop: async () => undefined };

/** Every request either client or `respond` sends, answered as Slack answers a successful call. */
function recordingFetch() {
  const sent: { url: string; body: unknown }[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const body = init?.body;
    sent.push({
      url: String(input),
      body: typeof body === 'string' ? body : body instanceof URLSearchParams ? body.toString() : body,
    });
    return new Response(JSON.stringify({ ok: true, channel: CHANNEL, ts: '1.1' }), {
      headers: { 'content-type': 'application/json' },
    });
  };
  return { sent, fetchFn };
}

type Seen = Record<string, unknown>;
type Respond = (message: unknown) => Promise<unknown>;

/** What a global middleware is handed for `body`, by Bolt's processEvent and by the direct route. */
async function bothWays(body: Record<string, unknown>, retry?: { retryNum: number; retryReason: string }) {
  const seen: { bolt?: Seen; direct?: Seen } = {};
  const boltFetch = recordingFetch();
  const directFetch = recordingFetch();
  const capture =
    (way: 'bolt' | 'direct'): Middleware<AnyMiddlewareArgs> =>
    async (args) => {
      seen[way] = args as unknown as Seen;
    };
  const bolt = new App({
    token: TOKEN,
    botId: 'B0OVERSEER',
    botUserId: 'U0OVERSEER',
    tokenVerificationEnabled: false,
    convoStore: false,
    receiver: quietReceiver,
    logger,
    clientOptions: { fetch: boltFetch.fetchFn, retryConfig: { retries: 0 } },
  });
  bolt.use(capture('bolt'));
  const ack = async () => {};
  await bolt.processEvent({ body, ack, ...retry });
  const client = new WebClient(TOKEN, { fetch: directFetch.fetchFn, retryConfig: { retries: 0 } });
  const route = interactionRoute({
    chain: [capture('direct')],
    client,
    botToken: TOKEN,
    logger,
    fetch: directFetch.fetchFn,
  });
  await route({ body, ack, ...retry });
  const { bolt: viaBolt, direct } = seen;
  if (viaBolt === undefined || direct === undefined) throw new Error('a way did not reach the middleware');
  return { viaBolt, direct, boltSent: boltFetch.sent, directSent: directFetch.sent };
}

/** What Overseer reads of the context; Bolt's also carries the bot's IDs, which only ignoreSelf reads, for events. */
const READ = ['botToken', 'isEnterpriseInstall', 'retryNum', 'retryReason', 'teamId', 'userId'];
const contextOf = (args: Seen) => {
  const context = args.context as Record<string, unknown>;
  return Object.fromEntries(READ.map((key) => [key, context[key]]));
};

const message = {
  type: 'message',
  ts: '1700000000.000100',
  text: 'CI is red',
  blocks: [
    {
      type: 'actions',
      block_id: 'incident',
      elements: [
        {
          type: 'button',
          action_id: 'overseer_ack',
          text: { type: 'plain_text', text: 'Acknowledge' },
          value: 'acme/api#1',
        },
      ],
    },
  ],
};

const command = slashCommandPayload({
  text: 'status',
  user: 'U0ALICE',
  responseUrl: 'https://hooks.slack.test/commands/1',
  triggerId: '1.2.3',
});
const click = buttonClickPayload({
  message: message as never,
  actionId: 'overseer_ack',
  label: 'Acknowledge',
  user: 'U0ALICE',
  responseUrl: 'https://hooks.slack.test/actions/1',
  triggerId: '1.2.4',
});
const view = {
  ...viewSubmissionPayload({
    view: { id: 'V1', type: 'modal', callback_id: 'dismiss', private_metadata: '', blocks: [] },
    user: 'U0ALICE',
    typed: {},
    triggerId: '1.2.5',
  }),
  response_urls: [
    { block_id: 'b', action_id: 'a', channel_id: CHANNEL, response_url: 'https://hooks.slack.test/views/1' },
  ],
};
const closed = { ...view, type: 'view_closed', response_urls: undefined };

describe('the direct route for commands and interactions', () => {
  it.each([
    ['a slash command', command, 'command'],
    ['a button click', click, 'action'],
    ['a view submission', view, 'view'],
    ['a closed view', closed, 'view'],
  ])('hands a middleware what Bolt 5 hands it for %s', async (_kind, body, alias) => {
    const { viaBolt, direct } = await bothWays(body, { retryNum: 1, retryReason: 'http_timeout' });
    expect(Object.keys(direct).sort()).toEqual(Object.keys(viaBolt).sort());
    expect(direct.body).toBe(body);
    expect(direct.payload).toEqual(viaBolt.payload);
    expect(direct[alias]).toBe(direct.payload);
    expect(contextOf(direct)).toEqual(contextOf(viaBolt));
    expect(contextOf(direct)).toMatchObject({ botToken: TOKEN, retryNum: 1, retryReason: 'http_timeout' });
  });

  it("responds and says as Bolt's respond and say do: the same requests to the same addresses", async () => {
    for (const body of [command, click, view]) {
      const { viaBolt, direct, boltSent, directSent } = await bothWays(body);
      for (const args of [viaBolt, direct]) {
        const { respond, say } = args as { respond?: Respond; say?: Respond };
        await respond?.('Acknowledged.');
        await respond?.({ response_type: 'ephemeral', text: 'Only you see this' });
        await say?.('In the channel');
        await say?.({ text: 'With blocks', blocks: [] });
      }
      // Bolt's client for a request adds the workspace's team_id to each call, for org-wide
      // installs; the direct route hands listeners the app's client, which every other part of
      // Overseer calls with (one workspace, one bot token), and Slack reads no team_id then.
      const withoutTeam = boltSent.map(({ url, body: sent }) => ({
        url,
        body: typeof sent === 'string' ? sent.replace(`team_id=${TEAM_ID}&`, '') : sent,
      }));
      expect(directSent).toEqual(withoutTeam);
      expect(directSent.length).toBeGreaterThan(0);
    }
  });

  it('a refused respond throws as Bolt’s does, with the status', async () => {
    const route = interactionRoute({
      chain: [async (args) => void (await (args as unknown as { respond: Respond }).respond('hi'))],
      client: new WebClient(TOKEN),
      botToken: TOKEN,
      logger,
      fetch: async () => new Response('expired_url', { status: 404, statusText: 'Not Found' }),
    });
    await expect(route({ body: command, ack: async () => {} })).rejects.toMatchObject({
      code: 'slack_bolt_respond_error',
      statusCode: 404,
    });
  });

  it('leaves events, shortcuts, options and dialogs to Bolt', () => {
    const route = interactionRoute({
      chain: [],
      client: new WebClient(TOKEN),
      botToken: TOKEN,
      logger,
      fetch: recordingFetch().fetchFn,
    });
    const others = [
      eventCallback('Ev1', { type: 'app_mention', user: 'U0ALICE', text: 'hi', ts: '1.1', channel: CHANNEL }),
      { type: 'shortcut', callback_id: 'x', trigger_id: '1', user: { id: 'U0ALICE' }, team: { id: 'T' } },
      { type: 'block_suggestion', action_id: 'a', value: 'q', user: { id: 'U0ALICE' }, team: { id: 'T' } },
      { type: 'dialog_submission', callback_id: 'x', user: { id: 'U0ALICE' }, team: { id: 'T' } },
      { type: 'message_action', callback_id: 'x', user: { id: 'U0ALICE' }, team: { id: 'T' } },
    ];
    for (const body of others) expect(route({ body, ack: async () => {} })).toBeUndefined();
  });

  it('runs the chain in order, each middleware when the one before calls next; a failure is logged and rethrown', async () => {
    const order: string[] = [];
    const logged: unknown[] = [];
    const failure = new Error('listener failed');
    const route = interactionRoute({
      chain: [
        async ({ next }) => {
          order.push('dedupe');
          await next();
          order.push('dedupe after');
        },
        async () => {
          order.push('listener');
          throw failure;
        },
        async () => void order.push('never'),
      ],
      client: new WebClient(TOKEN),
      botToken: TOKEN,
      logger: { ...logger, error: (...parts: unknown[]) => void logged.push(...parts) },
      fetch: recordingFetch().fetchFn,
    });
    await expect(route({ body: click, ack: async () => {} })).rejects.toBe(failure);
    expect(order).toEqual(['dedupe', 'listener']);
    expect(logged).toEqual([failure]);
  });

  it('refuses a middleware calling next twice, as Bolt does', async () => {
    const route = interactionRoute({
      chain: [
        async ({ next }) => {
          await next();
          await next();
        },
      ],
      client: new WebClient(TOKEN),
      botToken: TOKEN,
      logger,
      fetch: recordingFetch().fetchFn,
    });
    await expect(route({ body: command, ack: async () => {} })).rejects.toThrow(
      'next() called multiple times',
    );
  });
});
