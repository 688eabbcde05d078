import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createStore } from '../../../src/platform/store/create-store.js';

it('opens the embedded store in the configured data dir', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'overseer-store-'));
  try {
    const store = await createStore({ kind: 'embedded', dataDir });
    expect(await store.put('incident:1', 'open', 0)).toEqual({ ok: true, version: 1 });
    expect(await readdir(dataDir)).toContain('overseer.sqlite');
    await store.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

it.skipIf(!process.env.REDIS_URL)('opens the Redis store at the configured URL', async () => {
  const store = await createStore({ kind: 'redis', url: process.env.REDIS_URL ?? '' });
  const key = `overseer-test:${randomUUID()}`;
  try {
    expect(await store.setIfAbsent(key, 'here', 5000)).toBe(true);
    expect(await store.getMarker(key)).toBe('here');
  } finally {
    await store.releaseMarker(key, 'here');
    await store.close();
  }
});
