import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { holdLease } from '../../src/incidents/outbox-lease.js';
import { createEmbeddedStore } from '../../src/platform/store/embedded-store.js';

const quiet = () => undefined;
const log = { debug: quiet, info: quiet, warn: quiet, error: quiet };
const LEASE_MS = 60_000;

describe('the outbox lease', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  /** The store, with its next `releaseMarker` failing as a stopped Redis would. */
  async function world() {
    store = await createEmbeddedStore({ dataDir: mkdtempSync(join(tmpdir(), 'overseer-lease-')) });
    const real = store;
    let failRelease = false;
    const flaky: Store = {
      ...real,
      get: real.get.bind(real),
      put: real.put.bind(real),
      setIfAbsent: real.setIfAbsent.bind(real),
      getMarker: real.getMarker.bind(real),
      renewMarker: real.renewMarker.bind(real),
      releaseMarker: async (key, value) => {
        if (failRelease) {
          failRelease = false;
          throw new Error('The client is offline');
        }
        return real.releaseMarker(key, value);
      },
    };
    return { store: flaky, log, failNextRelease: () => (failRelease = true) };
  }

  it('one this process could not release (the store failed) is taken back by its next drain, not left for a minute', async () => {
    const deps = await world();
    const first = await holdLease(deps, 'lease:outbox:a', LEASE_MS);
    deps.failNextRelease();
    await first?.release();
    expect(await deps.store.getMarker('lease:outbox:a')).toBeDefined();

    const next = await holdLease(deps, 'lease:outbox:a', LEASE_MS);
    expect(next?.held()).toBe(true);
    await next?.release();
    expect(await deps.store.getMarker('lease:outbox:a')).toBeUndefined();
  });

  it('one another holder has is never taken, whatever this process left behind', async () => {
    const deps = await world();
    const first = await holdLease(deps, 'lease:outbox:b', LEASE_MS);
    deps.failNextRelease();
    await first?.release();
    // Its lease ran out and another replica took the lease meanwhile.
    const left = await deps.store.getMarker('lease:outbox:b');
    await deps.store.releaseMarker('lease:outbox:b', left ?? '');
    expect(await deps.store.setIfAbsent('lease:outbox:b', 'other-replica', LEASE_MS)).toBe(true);

    expect(await holdLease(deps, 'lease:outbox:b', LEASE_MS)).toBeUndefined();
    expect(await deps.store.getMarker('lease:outbox:b')).toBe('other-replica');
  });

  it('a lease held by a live holder is not taken', async () => {
    const deps = await world();
    const held = await holdLease(deps, 'lease:outbox:c', LEASE_MS);
    expect(await holdLease(deps, 'lease:outbox:c', LEASE_MS)).toBeUndefined();
    expect(held?.held()).toBe(true);
    await held?.release();
  });
});
