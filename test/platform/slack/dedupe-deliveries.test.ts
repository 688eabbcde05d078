import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Receiver } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { dedupeDeliveries } from '../../../src/platform/slack/dedupe-deliveries.js';
import {
  DONE_BATCH_PREFIX,
  inProcessDeliveryClaims,
  storeDeliveryClaims,
} from '../../../src/platform/slack/delivery-claims.js';
import { createStore } from '../../../src/platform/store/create-store.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** The store, with a log of the calls made to it (method and key). */
function counting(store: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(`${String(name)} ${String(args[0])}`);
        return value.apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

/** A slash command as Bolt parses Slack's form (https://docs.slack.dev/interactivity/implementing-slash-commands). */
const command = (triggerId: string) => ({
  token: 'verification-token',
  team_id: 'T0ACME',
  channel_id: 'C0INCIDENTS',
  user_id: 'U0ALICE',
  command: '/overseer',
  text: 'help',
  api_app_id: 'A0OVERSEER',
  response_url: 'https://hooks.slack.test/commands/1',
  trigger_id: triggerId,
});

/** A receiver that hands Bolt nothing by itself: the test calls `app.processEvent`. */
const quietReceiver: Receiver = { init() {}, start: async () => undefined, stop: async () => undefined };

describe('Slack delivery de-duplication', () => {
  let dataDir: string;
  let store: Store;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'overseer-dedupe-'));
    store = await createStore({ kind: 'embedded', dataDir });
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A Bolt app with the dedupe middleware and a command listener that counts what it handled. */
  const app = (deps: { store: Store; deliveryClaims?: 'store' | 'in-process' }) => {
    const handled: string[] = [];
    // The done marks written after the handling, which a delivery does not wait for.
    const marking: Array<Promise<unknown>> = [];
    const bolt = new App({
      token: 'xoxb-test',
      botId: 'B0OVERSEER',
      botUserId: 'U0OVERSEER',
      tokenVerificationEnabled: false,
      receiver: quietReceiver,
      logger: { ...silent, setLevel() {}, getLevel: () => 'error' as never, setName() {} },
    });
    dedupeDeliveries(bolt, { log: silent, track: (work) => marking.push(work), ...deps });
    bolt.command('/overseer', async ({ ack, body }) => {
      handled.push(body.trigger_id);
      await ack({ text: 'help' });
    });
    bolt.event('app_mention', async ({ body }) => {
      handled.push(body.event_id);
    });
    /** Handles one delivery, without waiting for its done mark. */
    const handle = async (triggerId: string, retryNum?: number) => {
      const acks: unknown[] = [];
      await bolt.processEvent({
        body: command(triggerId),
        ack: async (response?: unknown) => void acks.push(response ?? ''),
        ...(retryNum === undefined ? {} : { retryNum }),
      });
      return acks;
    };
    /** The done marks written so far, and the claims released after them. */
    const marked = async () => {
      while (marking.length > 0) await Promise.all(marking.splice(0));
    };
    /** Handles one delivery, then waits for its done mark. */
    const deliver = async (triggerId: string, retryNum?: number) => {
      const acks = await handle(triggerId, retryNum);
      await marked();
      return acks;
    };
    /** An Events API delivery (https://docs.slack.dev/apis/events-api/#callback-field). */
    const deliverEvent = async (eventId: string, retryNum?: number) => {
      await bolt.processEvent({
        body: {
          type: 'event_callback',
          team_id: 'T0ACME',
          api_app_id: 'A0OVERSEER',
          event_id: eventId,
          event_time: 1,
          event: {
            type: 'app_mention',
            user: 'U0ALICE',
            text: '<@U0OVERSEER> hi',
            ts: '1.1',
            channel: 'C0INCIDENTS',
          },
        },
        ack: async () => undefined,
        ...(retryNum === undefined ? {} : { retryNum }),
      });
      await marked();
    };
    return { handled, handle, marked, deliver, deliverEvent };
  };

  it('with the embedded store, a first delivery is handled before any store call, and marked done after', async () => {
    const watched = counting(store);
    const bolt = app({ store: watched.store, deliveryClaims: 'in-process' });
    const acks = await bolt.deliver('111.222.aaa');
    expect(acks).toEqual([{ text: 'help' }]);
    expect(bolt.handled).toEqual(['111.222.aaa']);
    // The only store call is the "done" mark, written after the handling.
    expect(watched.calls).toEqual([expect.stringMatching(new RegExp(`^put ${DONE_BATCH_PREFIX}`))]);
    const [batch] = await store.list<{ marks: Record<string, string> }>(DONE_BATCH_PREFIX);
    expect(Object.keys(batch?.value.marks ?? {})).toEqual(['slack-trigger:111.222.aaa']);
  });

  it('with the embedded store, an event (acked by Bolt before any middleware) is claimed in the store before it is handled, and its retry skipped', async () => {
    const watched = counting(store);
    const bolt = app({ store: watched.store, deliveryClaims: 'in-process' });
    await bolt.deliverEvent('Ev0001');
    await bolt.deliverEvent('Ev0001', 1);
    expect(bolt.handled).toEqual(['Ev0001']);
    expect(watched.calls.slice(0, 2)).toEqual([
      'setIfAbsent slack-event:Ev0001:claim',
      'getMarker slack-event:Ev0001:done',
    ]);
  });

  it('with the embedded store, deliveries handled together are marked done in one write', async () => {
    const watched = counting(store);
    const bolt = app({ store: watched.store, deliveryClaims: 'in-process' });
    await Promise.all(['1.1.a', '1.1.b', '1.1.c'].map((id) => bolt.deliver(id)));
    expect(bolt.handled.sort()).toEqual(['1.1.a', '1.1.b', '1.1.c']);
    expect(watched.calls).toHaveLength(1);
    const batches = await store.list<{ marks: Record<string, string> }>(DONE_BATCH_PREFIX);
    expect(batches.flatMap((batch) => Object.keys(batch.value.marks)).sort()).toEqual([
      'slack-trigger:1.1.a',
      'slack-trigger:1.1.b',
      'slack-trigger:1.1.c',
    ]);
  });

  it("with the embedded store, Slack's retry is acknowledged empty and not handled, in the same process and after a restart", async () => {
    const first = app({ store, deliveryClaims: 'in-process' });
    await first.deliver('333.444.bbb');
    expect(await first.deliver('333.444.bbb', 1)).toEqual(['']);
    expect(first.handled).toEqual(['333.444.bbb']);
    // A new process on the same data dir: its memory is empty, the store remembers.
    const restarted = app({ store, deliveryClaims: 'in-process' });
    expect(await restarted.deliver('333.444.bbb', 2)).toEqual(['']);
    expect(restarted.handled).toEqual([]);
    // Another delivery is handled.
    expect(await restarted.deliver('555.666.ccc')).toEqual([{ text: 'help' }]);
    expect(restarted.handled).toEqual(['555.666.ccc']);
  });

  it('a repeat arriving while the first is still being handled is not handled, with either kind of claim', async () => {
    for (const deliveryClaims of ['in-process', 'store'] as const) {
      const bolt = app({ store, deliveryClaims });
      const triggerId = `777.888.${deliveryClaims}`;
      const [a, b] = await Promise.all([bolt.deliver(triggerId), bolt.deliver(triggerId, 1)]);
      expect([a, b].map((acks) => acks?.length)).toEqual([1, 1]);
      expect(bolt.handled).toEqual([triggerId]);
    }
  });

  it('a delivery is done when it is handled, not when its done mark is written; a repeat meanwhile finds the claim', async () => {
    for (const deliveryClaims of ['in-process', 'store'] as const) {
      // The store holds every write of a done mark until the test lets it go.
      let letGo = () => {};
      const held = new Promise<void>((resolve) => {
        letGo = resolve;
      });
      const holding = new Proxy(store, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver);
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            const key = String(args[0]);
            if (key.startsWith(DONE_BATCH_PREFIX) || key.endsWith(':done')) {
              if (name === 'put' || name === 'setIfAbsent') await held;
            }
            return value.apply(target, args);
          };
        },
      });
      const bolt = app({ store: holding, deliveryClaims });
      const triggerId = `121.212.${deliveryClaims}`;
      expect(await bolt.handle(triggerId)).toEqual([{ text: 'help' }]);
      // Handled and answered while the mark is still being written: Slack's retry now is skipped.
      expect(await bolt.handle(triggerId, 1)).toEqual(['']);
      letGo();
      await bolt.marked();
      // Written, and the claim let go: a later retry is still skipped, by the mark.
      expect(await bolt.deliver(triggerId, 2)).toEqual(['']);
      expect(bolt.handled).toEqual([triggerId]);
    }
  });

  it('store claims keep two replicas on one store from both handling a delivery, and its retry', async () => {
    const one = app({ store, deliveryClaims: 'store' });
    const two = app({ store, deliveryClaims: 'store' });
    await Promise.all([one.deliver('999.000.ddd'), two.deliver('999.000.ddd', 1)]);
    expect([...one.handled, ...two.handled]).toEqual(['999.000.ddd']);
    await two.deliver('999.000.ddd', 2);
    expect([...one.handled, ...two.handled]).toEqual(['999.000.ddd']);
  });
});

describe('delivery claims', () => {
  let dataDir: string;
  let store: Store;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'overseer-claims-'));
    store = await createStore({ kind: 'embedded', dataDir });
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('in process: one taker wins until it releases or 30 s pass; a done mark is remembered for an hour, and read from the store only for a retry', async () => {
    let now = 1_000_000;
    const claims = inProcessDeliveryClaims(store, () => now);
    expect(await claims.take('k', 'a')).toBe(true);
    expect(await claims.take('k', 'b')).toBe(false);
    await claims.release('k', 'b');
    expect(await claims.take('k', 'c')).toBe(false);
    await claims.finish('k', 'a');
    await claims.release('k', 'a');
    expect(await claims.take('k', 'c')).toBe(true);
    // A claim held past 30 s (a stuck handling) expires, as the store's does.
    expect(await claims.take('k', 'd')).toBe(false);
    now += 30_001;
    expect(await claims.take('k', 'd')).toBe(true);
    expect(await claims.done('k', false)).toBe('a');
    now += 60 * 60_000 + 1;
    expect(await claims.done('k', false)).toBeUndefined();
    // The mark written to the store expired with it.
    expect(await claims.done('k', true)).toBeUndefined();
    // Written by a version before the batches: still read for a retry.
    expect(await store.setIfAbsent('old:done', 'z', 60_000)).toBe(true);
    expect(await claims.done('old', true)).toBe('z');
    expect(await claims.done('old', false)).toBeUndefined();
  });

  it('in process: batches an hour old are removed every few batches, those of an earlier life too, the rest kept', async () => {
    let now = 1_000_000;
    const earlier = inProcessDeliveryClaims(store, () => now, { batchMs: 0 });
    await earlier.finish('slack-trigger:earlier', 'a');
    now += 30 * 60_000;
    const claims = inProcessDeliveryClaims(store, () => now, { batchMs: 0, forgetEvery: 2 });
    await claims.finish('slack-trigger:old', 'b');
    now += 30 * 60_000;
    await claims.finish('slack-trigger:new', 'c');
    // The second batch of this life: the earlier life's is an hour old, this life's first is not.
    const marks = async () =>
      (await store.list<{ marks: Record<string, string> }>(DONE_BATCH_PREFIX)).flatMap((batch) =>
        Object.keys(batch.value.marks),
      );
    expect(await marks()).toEqual(['slack-trigger:old', 'slack-trigger:new']);
    now += 30 * 60_000;
    await claims.finish('slack-trigger:newer', 'd');
    await claims.finish('slack-trigger:newest', 'e');
    expect(await marks()).toEqual(['slack-trigger:new', 'slack-trigger:newer', 'slack-trigger:newest']);
  });

  it("in the store: another replica's claim and done mark are seen", async () => {
    const one = storeDeliveryClaims(store);
    const two = storeDeliveryClaims(store);
    expect(await one.take('k', 'a')).toBe(true);
    expect(await two.take('k', 'b')).toBe(false);
    await one.finish('k', 'a');
    await one.release('k', 'a');
    expect(await two.done('k', false)).toBe('a');
  });
});
