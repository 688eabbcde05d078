// Store transitions per second: the compare-and-set loop every state change runs (get, then put
// at the version read), on the embedded SQLite store and on Redis (REDIS_URL; skipped when unset).
// One key in sequence, then PARALLEL keys at once (as several watches' checks run side by side).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../src/core/ports.js';
import { createEmbeddedStore } from '../src/platform/store/embedded-store.js';
import { createRedisStore } from '../src/platform/store/redis-store.js';

const RUN_MS = 3_000;
const PARALLEL = 16;
/** A document of the size a watch's state has: an incident and its outbox, a few hundred bytes. */
const DOCUMENT = {
  status: 'open',
  owner: 'bench',
  history: Array.from({ length: 8 }, (_, i) => `step ${i}`),
};

/** Transitions made on `key` within `untilMs` (performance.now()): each one get, then put at its version. */
async function transitions(store: Store, key: string, untilMs: number): Promise<number> {
  let done = 0;
  while (performance.now() < untilMs) {
    const current = await store.get<typeof DOCUMENT>(key);
    const put = await store.put(key, { ...DOCUMENT, n: done }, current?.version ?? 0);
    if (!put.ok) throw new Error(`compare-and-set lost on ${key}, with no one else writing`);
    done += 1;
  }
  return done;
}

async function perSecond(store: Store, keys: readonly string[]): Promise<number> {
  const began = performance.now();
  const counts = await Promise.all(keys.map((key) => transitions(store, key, began + RUN_MS)));
  return counts.reduce((sum, n) => sum + n, 0) / ((performance.now() - began) / 1000);
}

async function measure(store: Store, prefix: string): Promise<[number, number]> {
  const one = [`${prefix}one`];
  const many = Array.from({ length: PARALLEL }, (_, i) => `${prefix}key-${i}`);
  const rates: [number, number] = [await perSecond(store, one), await perSecond(store, many)];
  for (const key of [...one, ...many]) {
    const current = await store.get(key);
    if (current) await store.remove(key, current.version);
  }
  return rates;
}

export async function storeTransitions(): Promise<Array<[string, string]>> {
  const rows: Array<[string, string]> = [
    ['Store transitions per second (get, then put at that version)', ''],
  ];
  const format = ([one, many]: [number, number]) =>
    `${one.toFixed(0)} on one key, ${many.toFixed(0)} over ${PARALLEL} keys at once`;
  const dataDir = await mkdtemp(join(tmpdir(), 'overseer-bench-store-'));
  try {
    const embedded = await createEmbeddedStore({ dataDir });
    try {
      rows.push([
        'embedded store (SQLite, WAL, synchronous=FULL)',
        format(await measure(embedded, 'bench:')),
      ]);
    } finally {
      await embedded.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const url = process.env.REDIS_URL;
  if (url === undefined || url === '') {
    rows.push(['Redis store', 'skipped: set REDIS_URL']);
    return rows;
  }
  // Its own key prefix: other users of this Redis are never touched, and the keys are removed after.
  const redis = await createRedisStore({ url, keyPrefix: `overseer-bench:${randomUUID()}:` });
  try {
    rows.push(['Redis store (REDIS_URL)', format(await measure(redis, 'bench:'))]);
  } finally {
    await redis.close();
  }
  return rows;
}
