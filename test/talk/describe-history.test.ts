import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_WATCH_DOC, type WatchDoc, watchDocKey } from '../../src/ci/watch-doc.js';
import type { WatchRef } from '../../src/core/domain/types.js';
import type { Store } from '../../src/core/ports.js';
import { createStore } from '../../src/platform/store/create-store.js';
import type { EpisodeFact } from '../../src/report/domain/episode-fact.js';
import { bucketKey, dayOf, type HistoryBucket } from '../../src/report/domain/history-bucket.js';
import { describeHistory } from '../../src/talk/describe-history.js';
import { openIncident } from '../support/incident-fixture.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const H = 3_600_000;
const DAY = 24 * H;
const WIDGETS: WatchRef = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
const GADGETS: WatchRef = { repo: 'acme/gadgets', workflow: 'ci.yml', branch: 'main' };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const incident = openIncident;

const fact = (episode: number, since: number, resolvedAt: number): EpisodeFact => ({
  episode,
  since,
  resolvedAt,
  ended: 'recovered',
  sha: 'bbbbbbb',
});

async function bucket(store: Store, watch: WatchRef, ...facts: EpisodeFact[]): Promise<void> {
  const day = dayOf(facts[0]?.resolvedAt ?? NOW);
  await store.put<HistoryBucket>(bucketKey(watch, day), { watch, episodes: facts }, 0);
}

describe('describeHistory on the embedded store', () => {
  let store: Store;
  let dataDir: string;
  const deps = () => ({ store, clock: { now: () => NOW }, log: quiet });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'overseer-talk-history-'));
    store = await createStore({ kind: 'embedded', dataDir });
    // The document holds the open episode 7 and episode 6, which the history holds too.
    const open = incident(WIDGETS, 7, NOW - 2 * H);
    const six = incident(WIDGETS, 6, NOW - 2 * DAY, {
      status: 'flaky',
      resolvedAt: NOW - 2 * DAY + H,
      resolvedSha: 'a'.repeat(40),
    });
    const doc: WatchDoc = { ...EMPTY_WATCH_DOC, current: { incident: open }, earlier: [{ incident: six }] };
    await store.put(watchDocKey(WIDGETS), doc, 0);
    await bucket(store, WIDGETS, fact(6, NOW - 2 * DAY, NOW - 2 * DAY + H));
    await bucket(
      store,
      WIDGETS,
      fact(4, NOW - 10 * DAY, NOW - 10 * DAY + 3 * H),
      fact(5, NOW - 10 * DAY + 4 * H, NOW - 10 * DAY + 5 * H),
    );
    await bucket(store, WIDGETS, fact(1, NOW - 50 * DAY, NOW - 50 * DAY + H));
    await bucket(store, GADGETS, fact(2, NOW - 3 * DAY, NOW - 3 * DAY + H));
  });
  afterAll(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists the last 30 days of the history with the document’s open episode, newest first, each once', async () => {
    const report = await describeHistory(deps());
    if (!report.ok) throw new Error(report.cause);
    const keys = report.lines.map(({ watch, fact: held }) => `${watch.repo}#${held.episode}`);
    expect(keys).toEqual([
      'acme/widgets#7',
      'acme/widgets#6',
      'acme/gadgets#2',
      'acme/widgets#5',
      'acme/widgets#4',
    ]);
    expect(report.lines[1]?.fact.ended).toBe('flaky');
    expect(report.lines[1]?.episode).toBeDefined();
    expect(report.lines[2]?.episode).toBeUndefined();
    expect(report).toMatchObject({ days: 30, more: 0, now: NOW });
  });

  it('reads one repo only, and only the watches `keep` accepts', async () => {
    const one = await describeHistory(deps(), { repo: 'ACME/gadgets' });
    expect(one.ok && one.lines.map(({ fact: held }) => held.episode)).toEqual([2]);
    const kept = await describeHistory(deps(), { keep: (watch) => watch.repo === 'acme/widgets' });
    expect(kept.ok && kept.lines.map(({ fact: held }) => held.episode)).toEqual([7, 6, 5, 4]);
  });

  it('names the store’s failure as a cause, and nothing else', async () => {
    const down = () =>
      Promise.reject(Object.assign(new Error('ECONNREFUSED 10.0.0.1'), { name: 'StoreUnavailableError' }));
    // The watch documents read, the history's day buckets not: still a cause, not half an answer.
    const historyDown = {
      list: (prefix: string) => (prefix.startsWith('history:') ? down() : store.list(prefix)),
    } as unknown as Store;
    expect(await describeHistory({ ...deps(), store: historyDown })).toEqual({
      ok: false,
      cause: 'store unreachable',
    });
    const allDown = { list: down } as unknown as Store;
    expect(await describeHistory({ ...deps(), store: allDown })).toEqual({
      ok: false,
      cause: 'store unreachable',
    });
    const odd = {
      list: (prefix: string) =>
        prefix.startsWith('history:') ? Promise.reject(new Error('bad')) : store.list(prefix),
    } as unknown as Store;
    expect(await describeHistory({ ...deps(), store: odd })).toEqual({ ok: false, cause: 'store error' });
  });
});
