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

  it('fails every call promptly with StoreUnavailableError when Redis does not answer', async () => {
    const started = Date.now();
    const store = await createRedisStore({ url: 'redis://127.0.0.1:6390', keyPrefix: runPrefix });
    expect(Date.now() - started).toBeLessThan(3000);
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
      const callStarted = Date.now();
      await expect(call(), name).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - callStarted, name).toBeLessThan(3000);
    }
    await store.close();
  });

  it('fails within its deadline while Redis stalls, then carries on where it left off', async () => {
    const proxy = await startStoreTcpProxy(url);
    const store = await createRedisStore({ url: proxy.url, keyPrefix: `${runPrefix}stall:`, timeoutMs: 500 });
    try {
      await store.put('doc', 1, 0);
      proxy.stall();
      const started = Date.now();
      await expect(store.get('doc')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(1500);
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
    const store = await createRedisStore({ url: proxy.url, keyPrefix: `${runPrefix}outage:` });
    try {
      await store.put('doc', 1, 0);
      await proxy.cut();
      const started = Date.now();
      await expect(store.get('doc')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.setIfAbsent('event:E1', 'seen', 60_000)).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      expect(Date.now() - started).toBeLessThan(1000);
      await proxy.restore();
      await vi.waitFor(() => store.ping(), { timeout: 5000, interval: 100 });
      expect(await store.get('doc')).toEqual({ value: 1, version: 1 });
    } finally {
      await store.close();
      await proxy.close();
    }
  });
});
