import { App, type BlockButtonAction, MultipleListenerError, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createListenerRouter } from '../../../src/platform/slack/listener-router.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
/** A receiver that hands Bolt nothing by itself: the test calls `app.processEvent`. */
const quietReceiver: Receiver = { init() {}, start: async () => undefined, stop: async () => undefined };

const user = { id: 'U0ALICE', username: 'alice', team_id: 'T0ACME' };
const team = { id: 'T0ACME', domain: 'acme' };

/** https://docs.slack.dev/interactivity/implementing-slash-commands */
const command = (name: string) => ({
  token: 'verification-token',
  team_id: 'T0ACME',
  channel_id: 'C0INCIDENTS',
  user_id: 'U0ALICE',
  command: name,
  text: 'help',
  api_app_id: 'A0OVERSEER',
  response_url: 'https://hooks.slack.test/commands/1',
  trigger_id: '1.2.3',
});

/** https://docs.slack.dev/reference/interaction-payloads/block_actions-payload */
const click = (actionId: string) => ({
  type: 'block_actions',
  team,
  user,
  api_app_id: 'A0OVERSEER',
  trigger_id: '1.2.4',
  channel: { id: 'C0INCIDENTS', name: 'incidents' },
  response_url: 'https://hooks.slack.test/actions/1',
  actions: [{ type: 'button', action_id: actionId, block_id: 'b', value: 'v', action_ts: '1.5' }],
});

/** https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload */
const view = (type: 'view_submission' | 'view_closed', callbackId: string) => ({
  type,
  team,
  user,
  api_app_id: 'A0OVERSEER',
  trigger_id: '1.2.5',
  view: { id: 'V1', type: 'modal', callback_id: callbackId, private_metadata: '', state: { values: {} } },
});

/** https://docs.slack.dev/apis/events-api/#callback-field */
const event = (type: string) => ({
  type: 'event_callback',
  team_id: 'T0ACME',
  api_app_id: 'A0OVERSEER',
  event_id: 'Ev1',
  event_time: 1,
  event: { type, user: 'U0ALICE', text: 'hi', ts: '1.1', channel: 'D0ALICE', channel_type: 'im' },
});

/** A real Bolt app with the router as its last global middleware, and what reached which listener. */
function routed() {
  const bolt = new App({
    token: 'xoxb-test',
    botId: 'B0OVERSEER',
    botUserId: 'U0OVERSEER',
    tokenVerificationEnabled: false,
    convoStore: false,
    receiver: quietReceiver,
    logger: { ...silent, setLevel() {}, getLevel: () => 'error' as never, setName() {} },
  });
  const errors: unknown[] = [];
  bolt.error(async (error) => void errors.push(error.original ?? error));
  const router = createListenerRouter();
  bolt.use(router.dispatch);
  const reached: string[] = [];
  const deliver = async (body: Record<string, unknown>) => {
    const acks: unknown[] = [];
    await bolt.processEvent({ body, ack: async (response?: unknown) => void acks.push(response ?? '') });
    return acks;
  };
  return { app: router.app, reached, errors, deliver };
}

describe('the listener router', () => {
  it('hands each request to the listeners of its action, command, event or view only', async () => {
    const { app, reached, deliver } = routed();
    app.action<BlockButtonAction>('overseer_ack', async ({ ack, action }) => {
      reached.push(`ack ${action.value}`);
      await ack();
    });
    app.action<BlockButtonAction>('overseer_rerun', async ({ ack }) => {
      reached.push('rerun');
      await ack();
    });
    app.command('/overseer', async ({ ack, command: asked }) => {
      reached.push(`command ${asked.text}`);
      await ack({ text: 'help' });
    });
    app.event('app_mention', async () => void reached.push('mention'));
    app.event('message', async ({ event: said }) => void reached.push(`dm ${said.channel}`));
    app.event('message', async () => void reached.push('thread'));
    app.view('dismiss', async ({ ack, view: submitted }) => {
      reached.push(`view ${submitted.callback_id}`);
      await ack();
    });

    expect(await deliver(click('overseer_ack'))).toEqual(['']);
    expect(await deliver(command('/overseer'))).toEqual([{ text: 'help' }]);
    await deliver(event('message'));
    await deliver(view('view_submission', 'dismiss'));
    expect(reached).toEqual(['ack v', 'command help', 'dm D0ALICE', 'thread', 'view dismiss']);
  });

  it('leaves alone what no listener registered for: another action, command or event, a closed view', async () => {
    const { app, reached, deliver } = routed();
    app.action('overseer_ack', async () => void reached.push('ack'));
    app.command('/overseer', async () => void reached.push('command'));
    app.event('app_mention', async () => void reached.push('mention'));
    app.view('dismiss', async () => void reached.push('view'));

    expect(await deliver(click('overseer_other'))).toEqual([]);
    await deliver(command('/other'));
    await deliver(event('app_home_opened'));
    await deliver(view('view_closed', 'dismiss'));
    await deliver(view('view_submission', 'other'));
    expect(reached).toEqual([]);
  });

  it("passes a listener's failure to Bolt's error handler as it is, several as one MultipleListenerError", async () => {
    const { app, errors, deliver } = routed();
    const first = new Error('first');
    const second = new Error('second');
    app.action('overseer_ack', async () => {
      throw first;
    });
    app.event('message', async () => {
      throw first;
    });
    app.event('message', async () => {
      throw second;
    });

    await deliver(click('overseer_ack'));
    await deliver(event('message'));
    expect(errors[0]).toBe(first);
    expect(errors[1]).toBeInstanceOf(MultipleListenerError);
    expect((errors[1] as MultipleListenerError).originals).toEqual([first, second]);
  });

  it('refuses what it cannot match exactly: a pattern, several listeners, a message.* event', () => {
    const { app } = routed();
    const listener = async () => {};
    expect(() => app.action(/overseer_.*/, listener)).toThrow(/one exact ID and one listener/);
    expect(() => app.command('/overseer', listener, listener)).toThrow(/one exact ID and one listener/);
    expect(() => app.event('message.im', listener)).toThrow(/listen to "message"/);
  });
});
