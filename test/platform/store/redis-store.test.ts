import { randomUUID } from 'node:crypto';
import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StoreUnavailableError } from '../../../src/core/ports.js';
import { createRedisStore } from '../../../src/platform/store/redis-store.js';
import { describeStoreContract } from '../../support/store-contract.js';
import { startStoreTcpProxy } from '../../support/store-tcp-proxy.js';

const url = process.env.REDIS_URL ?? '';
const runPrefix = `overseer-test:${randomUUID()}:`;

describe.skipIf(!url)('redis store', () => {
  const admin = createClient({ url });
  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    // Every key this file wrote lives under runPrefix.
    for await (const keys of admin.scanIterator({ MATCH: `${runPrefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await admin.unlink(keys);
    }
    admin.destroy();
  });

  describeStoreContract('redis', async () => {
    const keyPrefix = `${runPrefix}${randomUUID()}:`;
    const store = await createRedisStore({ url, keyPrefix });
    const peer = await createRedisStore({ url, keyPrefix });
    return {
      store,
      peer,
      dispose: async () => {
        await Promise.all([store.close(), peer.close()]);
      },
    };
  });

  it('keeps each key under its prefix', async () => {
    const keyPrefix = `${runPrefix}layout:`;
    const store = await createRedisStore({ url, keyPrefix });
    await store.put('incident:1', { state: 'open' }, 0);
    await store.setIfAbsent('event:E1', 'seen', 60_000);
    await store.schedule('esc', 'incident:1', 1000);
    await store.close();
    const keys: string[] = [];
    for await (const batch of admin.scanIterator({ MATCH: `${keyPrefix}*` })) keys.push(...batch);
    expect(keys.sort()).toEqual(
      ['doc-index', 'doc:incident:1', 'marker:event:E1', 'queue:esc'].map((key) => `${keyPrefix}${key}`),
    );
  });

  it('fails every call at once with StoreUnavailableError when Redis does not answer', async () => {
    // A deadline longer than the test's own timeout: opening the store and each call must fail
    // because the connection is down (refused at once), never by waiting the deadline out, and
    // the test's timeout is the hang guard.
    const store = await createRedisStore({
      url: 'redis://127.0.0.1:6390',
      keyPrefix: runPrefix,
      timeoutMs: 600_000,
    });
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['get', () => store.get('incident:1')],
      ['put', () => store.put('incident:1', {}, 0)],
      ['setIfAbsent', () => store.setIfAbsent('event:E1', 'seen', 60_000)],
      ['getMarker', () => store.getMarker('event:E1')],
      ['list', () => store.list('')],
      ['claimDue', () => store.claimDue('esc', 1000, 1000, 10)],
      ['ping', () => store.ping()],
    ];
    for (const [name, call] of calls) {
      const error = await call().then(
        () => expect.fail(`${name} should have failed`),
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(StoreUnavailableError);
      expect(error, name).toMatchObject({ code: 'STORE_DISCONNECTED' });
    }
    await store.close();
  });

  it('fails with its deadline while Redis stalls, then carries on where it left off', async () => {
    const proxy = await startStoreTcpProxy(url);
    const store = await createRedisStore({ url: proxy.url, keyPrefix: `${runPrefix}stall:`, timeoutMs: 500 });
    try {
      await store.put('doc', 1, 0);
      proxy.stall();
      // The proxy holds every byte until resume: the call can only end by its deadline.
      const started = Date.now();
      const error = await store.get('doc').then(
        () => expect.fail('get should have failed'),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(error).toMatchObject({ message: expect.stringContaining('got no answer within 500 ms') });
      // Hang guard only (30x the deadline), not a measure of promptness.
      expect(Date.now() - started).toBeLessThan(30 * 500);
      proxy.resume();
      expect(await store.put('doc', 2, 1)).toEqual({ ok: true, version: 2 });
      expect(await store.get('doc')).toEqual({ value: 2, version: 2 });
    } finally {
      await store.close();
      await proxy.close();
    }
  });

  it('fails at once while Redis is gone and recovers when it is back', async () => {
    const proxy = await startStoreTcpProxy(url);
    // A deadline past the test's timeout: the calls below must fail because the connection is
    // known to be down, not because they waited for an answer.
    const store = await createRedisStore({
      url: proxy.url,
      keyPrefix: `${runPrefix}outage:`,
      timeoutMs: 600_000,
    });
    try {
      await store.put('doc', 1, 0);
      await proxy.cut();
      await expect(store.get('doc')).rejects.toMatchObject({
        name: 'StoreUnavailableError',
        code: 'STORE_DISCONNECTED',
      });
      await expect(store.setIfAbsent('event:E1', 'seen', 60_000)).rejects.toMatchObject({
        name: 'StoreUnavailableError',
        code: 'STORE_DISCONNECTED',
      });
      await proxy.restore();
      await vi.waitFor(() => store.ping(), { timeout: 5000, interval: 100 });
      expect(await store.get('doc')).toEqual({ value: 1, version: 1 });
    } finally {
      await store.close();
      await proxy.close();
    }
  });
});
