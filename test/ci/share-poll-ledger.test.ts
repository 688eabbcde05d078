import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { POLL_MARK_TTL_MS } from '../../src/ci/domain/poll-marks.js';
import { createPollLedger } from '../../src/ci/poll-ledger.js';
import { POLL_MARKS_KEY, sharePollLedger } from '../../src/ci/share-poll-ledger.js';
import type { Store } from '../../src/core/ports.js';
import { createEmbeddedStore } from '../../src/platform/store/embedded-store.js';
import { createRedisStore } from '../../src/platform/store/redis-store.js';

const NOW = 1_800_000_000_000;
const log = pino({ level: 'silent' });

/** The same three configured watches, as each replica builds them from its own settings. */
const sourcesOf = () =>
  ['acme/a', 'acme/b', 'acme/c'].map((repo) => {
    const target = { watch: { repo, workflow: 'ci.yml', branch: 'main' } };
    return { peek: () => target };
  });

/** One replica: its own ledger over its own watch sources, shared through `store`. */
function replica(store: Store, clock: { t: number }) {
  const sources = sourcesOf();
  const ledger = createPollLedger(sources);
  const { sync } = sharePollLedger(store, ledger, { now: () => clock.t }, log);
  const seen = () => ledger.watches(sources).map(({ lookedAt, heardAt }) => ({ lookedAt, heardAt }));
  return { sources, ledger, sync, seen };
}

/** The `i`th source; the lists are built with three. */
function nth<T>(list: readonly T[], i: number): T {
  const found = list[i];
  if (found === undefined) throw new Error(`no source ${i}`);
  return found;
}

const url = process.env.REDIS_URL ?? '';
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Two handles on one store's data, as two replicas hold it (one handle where the backend serves one process). */
const backends: Array<[string, boolean, () => Promise<{ one: Store; two: Store; close(): Promise<void> }>]> =
  [
    [
      'embedded',
      true,
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'overseer-ledger-'));
        dirs.push(dir);
        const store = await createEmbeddedStore({ dataDir: dir });
        return { one: store, two: store, close: () => store.close() };
      },
    ],
    [
      'redis',
      url !== '',
      async () => {
        const keyPrefix = `overseer-test:${randomUUID()}:`;
        const one = await createRedisStore({ url, keyPrefix });
        const two = await createRedisStore({ url, keyPrefix });
        return {
          one,
          two,
          close: async () => {
            await one.remove(POLL_MARKS_KEY, (await one.get(POLL_MARKS_KEY))?.version ?? 0);
            await Promise.all([one.close(), two.close()]);
          },
        };
      },
    ],
  ];

describe.each(backends)('the polling ledger shared by replicas (%s store)', (_, available, open) => {
  /** Runs `test` on two handles of a fresh store and a clock at NOW, closing the store after. */
  async function onStores(test: (stores: { one: Store; two: Store }, clock: { t: number }) => Promise<void>) {
    const stores = await open();
    try {
      await test(stores, { t: NOW });
    } finally {
      await stores.close();
    }
  }

  it.skipIf(!available)("each replica's planner knows the other's looks and webhooks after a sync", () =>
    onStores(async (stores, clock) => {
      const first = replica(stores.one, clock);
      const second = replica(stores.two, clock);
      first.ledger.looked(nth(first.sources, 0), NOW - 60_000);
      first.ledger.heard(nth(first.sources, 1), NOW - 30_000);
      second.ledger.looked(nth(second.sources, 2), NOW - 10_000);
      // The second replica looked at acme/a later than the first: the later look wins everywhere.
      second.ledger.looked(nth(second.sources, 0), NOW - 5_000);

      await first.sync();
      await second.sync();
      await first.sync();
      await second.sync();

      const both = [
        { lookedAt: NOW - 5_000, heardAt: undefined },
        { lookedAt: undefined, heardAt: NOW - 30_000 },
        { lookedAt: NOW - 10_000, heardAt: undefined },
      ];
      expect(first.seen()).toEqual(both);
      expect(second.seen()).toEqual(both);
    }),
  );

  it.skipIf(!available)(
    "a replica's first sync shares its marks but takes none: a new or restarted replica looks at every watch once",
    () =>
      onStores(async (stores, clock) => {
        const running = replica(stores.one, clock);
        running.ledger.looked(nth(running.sources, 0), NOW - 5_000);
        running.ledger.heard(nth(running.sources, 1), NOW - 5_000);
        await running.sync();

        const replacement = replica(stores.two, clock);
        replacement.ledger.looked(nth(replacement.sources, 2), NOW);
        await replacement.sync();
        const nothingYet = { lookedAt: undefined, heardAt: undefined };
        expect(replacement.seen()).toEqual([nothingYet, nothingYet, { lookedAt: NOW, heardAt: undefined }]);
        expect((await stores.one.get(POLL_MARKS_KEY))?.value).toEqual({
          marks: {
            'acme/a:ci.yml:main': { l: NOW - 5_000 },
            'acme/b:ci.yml:main': { h: NOW - 5_000 },
            'acme/c:ci.yml:main': { l: NOW },
          },
        });

        // From its second plan on, it knows what the others did.
        await replacement.sync();
        expect(replacement.seen()).toEqual([
          { lookedAt: NOW - 5_000, heardAt: undefined },
          { lookedAt: undefined, heardAt: NOW - 5_000 },
          { lookedAt: NOW, heardAt: undefined },
        ]);
      }),
  );

  it.skipIf(!available)(
    'two replicas syncing at once both keep their marks; old marks leave the document',
    () =>
      onStores(async (stores, clock) => {
        const first = replica(stores.one, clock);
        const second = replica(stores.two, clock);
        first.ledger.looked(nth(first.sources, 0), NOW - 1_000);
        second.ledger.heard(nth(second.sources, 1), NOW);
        await Promise.all([first.sync(), second.sync()]);
        expect((await stores.one.get(POLL_MARKS_KEY))?.value).toEqual({
          marks: { 'acme/a:ci.yml:main': { l: NOW - 1_000 }, 'acme/b:ci.yml:main': { h: NOW } },
        });

        // Six hours on, with nothing new: the document keeps no mark the planner would not use.
        clock.t = NOW - 1_000 + POLL_MARK_TTL_MS + 1;
        await first.sync();
        expect((await stores.one.get(POLL_MARKS_KEY))?.value).toEqual({
          marks: { 'acme/b:ci.yml:main': { h: NOW } },
        });
      }),
  );
});
