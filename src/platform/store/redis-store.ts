import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import type { Logger } from 'pino';
import {
  type CasResult,
  type DueItem,
  type Store,
  StoreUnavailableError,
  type Versioned,
} from '../../core/ports.js';
import { withDeadline } from '../../core/with-deadline.js';
import { checkWholeNumber } from './check-store-args.js';
import { connectRedis } from './connect-redis.js';
import { redisDisconnected } from './redis-disconnected.js';
import { runScript } from './redis-scripts.js';
import { toStoreError } from './to-store-error.js';

export interface RedisStoreOptions {
  readonly url: string;
  /** Prepended to every key, so several deployments (or test runs) can share one Redis. */
  readonly keyPrefix?: string;
  /** How long connecting and each store call may take before failing. */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

const ADVICE = 'Check REDIS_URL and that Redis is running.';

/**
 * The store replicas share. Documents are keyv values; compare-and-set, markers, their release and
 * the due-time queues use the same Redis client directly, with Lua scripts where a step must be
 * atomic across processes. Every call fails with `StoreUnavailableError` within `timeoutMs` when
 * Redis does not answer.
 */
export async function createRedisStore({
  url,
  keyPrefix = 'overseer:',
  timeoutMs = 2000,
  logger,
}: RedisStoreOptions): Promise<Store> {
  const client = await connectRedis({ url, connectTimeoutMs: timeoutMs, ...(logger ? { logger } : {}) });
  const adapter = new KeyvRedis(client, { throwOnErrors: true, throwOnConnectError: true });
  const keyv = new Keyv<unknown>(adapter, { useKeyPrefix: false, throwOnErrors: true });
  keyv.namespace = undefined; // keys below carry their own prefix

  const indexKey = `${keyPrefix}doc-index`;
  const docKey = (key: string) => `${keyPrefix}doc:${key}`;
  const markerKey = (key: string) => `${keyPrefix}marker:${key}`;
  const queueKey = (queue: string) => `${keyPrefix}queue:${queue}`;

  let closed = false;
  const guard = async <T>(what: string, task: () => Promise<T>): Promise<T> => {
    if (closed) throw new StoreUnavailableError(`Redis ${what} failed: the store is closed.`);
    const timedOut = () =>
      new StoreUnavailableError(`Redis ${what} got no answer within ${timeoutMs} ms. ${ADVICE}`);
    try {
      return await withDeadline(task(), timeoutMs, timedOut);
    } catch (error) {
      if (error instanceof RangeError) throw error;
      throw toStoreError(
        error,
        `Redis ${what}`,
        ADVICE,
        redisDisconnected(error) ? 'STORE_DISCONNECTED' : undefined,
      );
    }
  };
  const encode = async <T>(document: Versioned<T>): Promise<string> => {
    if (!keyv.serialize) throw new Error('keyv has no serializer');
    return keyv.serialize({ value: document });
  };
  const decode = async <T>(raw: unknown): Promise<Versioned<T> | undefined> => {
    if (raw === null) return undefined;
    if (typeof raw !== 'string' || !keyv.deserialize) throw new Error('the stored document is unreadable');
    return (await keyv.deserialize<Versioned<T>>(raw))?.value;
  };

  return {
    get: <T>(key: string) =>
      guard(`get ${key}`, async () => (await keyv.get<Versioned<T>>(docKey(key))) ?? undefined),

    put: <T>(key: string, value: T, expectedVersion: number) =>
      guard(`put ${key}`, async (): Promise<CasResult<T>> => {
        checkWholeNumber('expectedVersion', expectedVersion, 0);
        const version = expectedVersion + 1;
        const raw = await encode({ value, version });
        const keys = [docKey(key), indexKey];
        const reply = await runScript(client, 'put', keys, [String(expectedVersion), raw, key]);
        if (!Array.isArray(reply)) throw new Error('the compare-and-set script answered no list');
        return reply[0] === 1 ? { ok: true, version } : { ok: false, current: await decode<T>(reply[1]) };
      }),

    remove: (key, expectedVersion) =>
      guard(`remove ${key}`, async () => {
        const keys = [docKey(key), indexKey];
        return (await runScript(client, 'remove', keys, [String(expectedVersion), key])) === 1;
      }),

    list: <T>(prefix: string) =>
      guard(`list ${prefix}`, async () => {
        // Index members all score 0, so they sort by key; 0xff never occurs in UTF-8, so it bounds the prefix.
        const upTo = Buffer.concat([Buffer.from(`[${prefix}`), Buffer.from([0xff])]);
        const keys = await client.zRangeByLex(indexKey, `[${prefix}`, upTo);
        if (keys.length === 0) return [];
        const documents = await keyv.getMany<Versioned<T>>(keys.map(docKey));
        return keys.flatMap((key, index) => {
          const document = documents[index];
          return document ? [{ key, value: document.value, version: document.version }] : [];
        });
      }),

    setIfAbsent: (key, value, ttlMs) =>
      guard(`setIfAbsent ${key}`, async () => {
        checkWholeNumber('ttlMs', ttlMs, 1);
        const reply = await client.set(markerKey(key), value, {
          condition: 'NX',
          expiration: { type: 'PX', value: ttlMs },
        });
        return reply === 'OK';
      }),

    getMarker: (key) =>
      guard(`getMarker ${key}`, async () => (await client.get(markerKey(key))) ?? undefined),

    releaseMarker: (key, value) =>
      guard(
        `releaseMarker ${key}`,
        async () => (await runScript(client, 'release', [markerKey(key)], [value])) === 1,
      ),

    renewMarker: (key, value, ttlMs) =>
      guard(`renewMarker ${key}`, async () => {
        checkWholeNumber('ttlMs', ttlMs, 1);
        return (await runScript(client, 'renew', [markerKey(key)], [value, String(ttlMs)])) === 1;
      }),

    schedule: (queue, member, dueAt) =>
      guard(`schedule ${queue}`, async () => {
        checkWholeNumber('dueAt', dueAt, 0);
        await client.zAdd(queueKey(queue), { score: dueAt, value: member });
      }),

    unschedule: (queue, member) =>
      guard(`unschedule ${queue}`, async () => {
        await client.zRem(queueKey(queue), member);
      }),

    claimDue: (queue, now, leaseMs, limit) =>
      guard(`claimDue ${queue}`, async () => {
        checkWholeNumber('now', now, 0);
        checkWholeNumber('leaseMs', leaseMs, 1);
        checkWholeNumber('limit', limit, 1);
        const args = [String(now), String(now + leaseMs), String(limit)];
        return toDueItems(await runScript(client, 'claim', [queueKey(queue)], args));
      }),

    ping: () =>
      guard('ping', async () => {
        await client.ping();
      }),

    async close() {
      // Abandons commands still in flight: callers stop their work before closing the store.
      closed = true;
      if (client.isOpen) client.destroy();
    },
  };
}

function toDueItems(reply: unknown): DueItem[] {
  if (!Array.isArray(reply)) throw new Error('the claim script answered no list');
  const items: DueItem[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    items.push({ member: String(reply[i]), dueAt: Number(reply[i + 1]) });
  }
  return items;
}
