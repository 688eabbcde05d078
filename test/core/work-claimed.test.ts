import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { workClaimed } from '../../src/core/work-claimed.js';
import { createEmbeddedStore } from '../../src/platform/store/embedded-store.js';
import { manualClock } from '../support/manual-clock.js';

const QUEUE = { name: 'test-queue', leaseMs: 60_000, limit: 2, failed: 'work failed' };

describe('a tick of a shared due-time queue', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  async function world() {
    store = await createEmbeddedStore({ dataDir: mkdtempSync(join(tmpdir(), 'overseer-claimed-')) });
    const clock = manualClock(1_000_000);
    const warned: object[] = [];
    const quiet = () => undefined;
    const log = {
      debug: quiet,
      info: quiet,
      error: quiet,
      warn: (fields: object) => void warned.push(fields),
    };
    return { store, clock, log, warned };
  }

  it('works the due members up to its limit, goes on past one that throws, and leaves that one claimed', async () => {
    const deps = await world();
    for (const member of ['a', 'b', 'c']) await deps.store.schedule(QUEUE.name, member, deps.clock.now());
    await deps.store.schedule(QUEUE.name, 'later', deps.clock.now() + 1_000);
    const seen: string[] = [];
    const act = async (member: string) => {
      seen.push(member);
      if (member === 'a') throw new Error('boom');
      await deps.store.unschedule(QUEUE.name, member);
      return 1;
    };

    expect(await workClaimed(deps, QUEUE, 'item', act)).toBe(1);
    expect(seen.sort()).toEqual(['a', 'b']);
    expect(deps.warned).toEqual([expect.objectContaining({ item: 'a' })]);

    // The next tick takes the member left over, not the one that failed (claimed for its lease).
    expect(await workClaimed(deps, QUEUE, 'item', act)).toBe(1);
    expect(seen.slice(2)).toEqual(['c']);
    // Once its lease ran out, the failed member comes due again, with the one scheduled later.
    await deps.clock.advance(QUEUE.leaseMs);
    seen.length = 0;
    await workClaimed(deps, QUEUE, 'item', act);
    expect(seen.sort()).toEqual(['a', 'later']);
  });
});
