import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type Store, StoreUnavailableError } from '../../../src/core/ports.js';
import { createRequestPacer, type PacerLane } from '../../../src/platform/github/request-pacer.js';
import {
  PACING_KEY,
  SHARE_EVERY_MS,
  SILENT_AFTER_MS,
  sharePacing,
} from '../../../src/platform/github/share-pacing.js';
import { createRedisStore } from '../../../src/platform/store/redis-store.js';
import { manualClock, settle } from '../../support/manual-clock.js';

const url = process.env.REDIS_URL ?? '';
const opened: Store[] = [];
afterEach(async () => {
  const [first] = opened;
  if (first !== undefined) await first.remove(PACING_KEY, (await first.get(PACING_KEY))?.version ?? 0);
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

/** Two handles on one Redis, as two replicas hold it, under a key prefix of the test's own. */
async function twoHandles(): Promise<[Store, Store]> {
  const keyPrefix = `overseer-test:${randomUUID()}:`;
  const one = await createRedisStore({ url, keyPrefix });
  const two = await createRedisStore({ url, keyPrefix });
  opened.push(one, two);
  return [one, two];
}

/** One replica's pacer (GitHub's 900 points a minute) and its share of the store. */
function replica(store: Store, clock: ReturnType<typeof manualClock>, logged: string[] = []) {
  const pacer = createRequestPacer({ now: clock.now, setTimer: clock.setTimer });
  const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line).msg) });
  const sync = sharePacing(store, pacer, randomUUID(), clock.now, log);
  /** `count` GETs in `lane`; answers how many were admitted at once. */
  const spend = async (count: number, lane: PacerLane = 'first') => {
    let admitted = 0;
    for (let i = 0; i < count; i += 1)
      pacer.acquire('GET', lane).then(
        (release) => {
          admitted += 1;
          release();
        },
        () => {},
      );
    await settle();
    return admitted;
  };
  return { pacer, sync, spend };
}

describe('GitHub pacing shared by replicas on one Redis (one token, one secondary limit)', () => {
  it.skipIf(url === '')(
    "a replica's webhook checks get what the other's polling left, not a whole minute of their own",
    async () => {
      const clock = manualClock();
      const [one, two] = await twoHandles();
      const polling = replica(one, clock);
      const webhooks = replica(two, clock);
      // The cron cycle's replica polls up to its lane's cap: 900 less the reserve of 90.
      expect(await polling.spend(900, 'polling')).toBe(810);
      await polling.sync();
      await webhooks.sync();
      // A burst of webhook checks 50 s on: the other replica has the 90 the polls left, not 900.
      await clock.advance(50_000);
      expect(await webhooks.spend(200)).toBe(90);
      expect(polling.pacer.spent() + webhooks.pacer.spent()).toBe(900);
      // The polls leave the window 10 s later; once both replicas have said so, the rest go in.
      await clock.advance(10_000);
      expect(webhooks.pacer.stats.queued).toBe(110);
      await polling.sync();
      await webhooks.sync();
      // Admitted 50 at a time (half of the 100 in flight), each finishing as it is admitted.
      await settle();
      expect(webhooks.pacer.stats).toMatchObject({ queued: 0, refused: 0, inFlightCap: 50 });
      expect(webhooks.pacer.spent()).toBe(200);
    },
  );

  it.skipIf(url === '')('a replica silent for half a minute (stopped, killed) no longer counts', async () => {
    const clock = manualClock();
    const [one, two] = await twoHandles();
    const gone = replica(one, clock);
    const left = replica(two, clock);
    await gone.spend(800);
    await gone.sync();
    await left.sync();
    // Two replicas: half of the 100 requests in flight each.
    expect(left.pacer.stats.inFlightCap).toBe(50);
    expect(await left.spend(200)).toBe(100);
    await clock.advance(SILENT_AFTER_MS - SHARE_EVERY_MS);
    await left.sync();
    expect(left.pacer.stats.queued).toBe(100);
    await clock.advance(SHARE_EVERY_MS);
    await left.sync();
    expect(left.pacer.stats.queued).toBe(0);
    expect(left.pacer.spent()).toBe(200);
    expect(left.pacer.stats.inFlightCap).toBe(100);
  });

  it('a store that does not answer: the last figure holds for half a minute, then the replica paces alone, said once', async () => {
    const clock = manualClock();
    let down = false;
    let said = 500;
    const doc = () => ({
      value: { replicas: { other: { points: said, at: clock.now() } } },
      version: 1,
    });
    const unavailable = () =>
      new StoreUnavailableError('The client is offline', { code: 'STORE_DISCONNECTED' });
    const store = {
      get: async () => {
        if (down) throw unavailable();
        return doc();
      },
      put: async () => ({ ok: true, version: 2 }),
    } as unknown as Store;
    const logged: string[] = [];
    const alone = replica(store, clock, logged);
    await alone.sync();
    expect(alone.pacer.stats.inFlightCap).toBe(50);
    expect(await alone.spend(500)).toBe(400);
    down = true;
    await expect(alone.sync()).rejects.toBeInstanceOf(StoreUnavailableError);
    await clock.advance(SILENT_AFTER_MS - 1);
    await expect(alone.sync()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(alone.pacer.stats.queued).toBe(100);
    await clock.advance(1);
    await alone.sync();
    await alone.sync();
    expect(alone.pacer.stats.queued).toBe(0);
    expect(alone.pacer.stats.inFlightCap).toBe(100);
    expect(logged.filter((msg) => msg.includes('paces alone'))).toHaveLength(1);
    down = false;
    said = 0;
    await alone.sync();
    expect(logged.filter((msg) => msg.includes('shared with the other replicas again'))).toHaveLength(1);
  });
});
