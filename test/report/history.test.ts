import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckMove } from '../../src/ci/check-stage.js';
import { EMPTY_WATCH_DOC, type IncidentSlot, type WatchDoc, watchDocKey } from '../../src/ci/watch-doc.js';
import type { WatchRef } from '../../src/core/domain/types.js';
import type { Store } from '../../src/core/ports.js';
import type { FixTask } from '../../src/fix-tasks/domain/fix-task.js';
import { acknowledge, type Incident, openIncident } from '../../src/incidents/domain/incident.js';
import { createStore } from '../../src/platform/store/create-store.js';
import { episodeFact } from '../../src/report/domain/episode-fact.js';
import { DAY_MS, dayOf, dayPrefix } from '../../src/report/domain/history-bucket.js';
import { pruneHistory } from '../../src/report/prune-history.js';
import { readHistory } from '../../src/report/read-history.js';
import { factsToRecord, recordHistory } from '../../src/report/record-history.js';

const H = 3_600_000;
const T0 = Date.parse('2026-12-01T10:00:00Z');

function incidentOf(watch: WatchRef, episode: number, since: number): Incident {
  const red = {
    episode,
    firstSha: 'a'.repeat(40),
    since,
    sinceUnknown: false,
    headSha: 'a'.repeat(40),
    runId: 7,
    attempt: 1,
  };
  const run = {
    id: 7,
    headSha: red.headSha,
    attempt: 1,
    status: 'completed',
    conclusion: 'failure',
    createdAt: new Date(since).toISOString(),
    updatedAt: new Date(since).toISOString(),
    url: 'https://github.com/acme/widgets/actions/runs/7',
  };
  return openIncident({
    id: `${watch.repo}:${watch.workflow}:${watch.branch}#${episode}`,
    watch,
    red,
    run: run as never,
    failingJobs: [
      {
        name: 'test (ubuntu)',
        conclusion: 'failure',
        url: 'https://github.com/acme/widgets/actions/runs/7/job/1',
        failedSteps: ['Run tests'],
        excerpt: {
          lines: ['Error: timed out'],
          primary: 'Error: timed out after 5000ms',
          fingerprint: 'f-timeout',
        },
      },
    ],
    suspects: [],
    suspectsOmitted: 0,
  });
}

function resolved(incident: Incident, at: number, status: 'recovered' | 'flaky'): Incident {
  return { ...incident, status, resolvedAt: at, resolvedSha: 'b'.repeat(40), redForMs: at - incident.since };
}

function doc(current: IncidentSlot | undefined, ...earlier: IncidentSlot[]): WatchDoc {
  return { ...EMPTY_WATCH_DOC, ...(current ? { current } : {}), earlier };
}

function task(at: FixTask['at'], state: FixTask['state']): FixTask {
  return { id: 'T-1', state, at } as FixTask;
}

describe('factsToRecord', () => {
  const watch = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
  const open = incidentOf(watch, 3, T0);
  const ended = resolved(open, T0 + 2 * H, 'recovered');

  it('owes nothing when the check wrote nothing, or the episode is still red', () => {
    expect(factsToRecord({ doc: doc({ incident: ended }) })).toEqual([]);
    expect(factsToRecord({ doc: doc({ incident: open }), previous: doc(undefined) })).toEqual([]);
  });

  it('owes the episode that just ended, once', () => {
    const move: CheckMove = {
      doc: doc({ incident: ended }),
      previous: doc({ incident: open }),
      event: 'recovered',
    };
    expect(factsToRecord(move).map(({ fact }) => fact)).toEqual([episodeFact(ended)]);
    expect(factsToRecord({ doc: move.doc, previous: move.doc })).toEqual([]);
  });

  it('owes an ended episode again when its fix task moved on, and when the document lets it go', () => {
    const running = task({ pending: T0, starting: T0 + H }, 'running');
    const merged = task({ pending: T0, starting: T0 + H, merged: T0 + 3 * H }, 'merged');
    const moved = factsToRecord({
      doc: doc({ incident: ended, task: merged }),
      previous: doc({ incident: ended, task: running }),
    });
    expect(moved.map(({ fact }) => fact.task?.mergedAt)).toEqual([T0 + 3 * H]);
    const next = incidentOf(watch, 4, T0 + 5 * H);
    const dropped = factsToRecord({ doc: doc({ incident: next }), previous: doc({ incident: ended }) });
    expect(dropped.map(({ fact }) => fact.episode)).toEqual([3]);
  });
});

describe('episodeFact', () => {
  it('keeps an ended episode in a few hundred bytes', () => {
    const watch = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
    const incident = acknowledge(
      resolved(incidentOf(watch, 12, T0), T0 + H, 'flaky'),
      'U0ALICE',
      T0 + 600_000,
    );
    const fact = episodeFact({ ...incident, flakedJobs: ['test (ubuntu)'] });
    expect(fact).toEqual({
      episode: 12,
      since: T0,
      resolvedAt: T0 + H,
      ended: 'flaky',
      sha: 'bbbbbbb',
      ackAt: T0 + 600_000,
      ackBy: 'U0ALICE',
      failures: [{ fingerprint: 'f-timeout', job: 'test (ubuntu)', line: 'Error: timed out after 5000ms' }],
      flaked: ['test (ubuntu)'],
    });
    expect(JSON.stringify(fact).length).toBeLessThan(300);
  });
});

type StoreMaker = () => Promise<{ store: Store; done: () => Promise<void> }>;

const embedded: StoreMaker = async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'overseer-history-'));
  const store = await createStore({ kind: 'embedded', dataDir });
  return {
    store,
    done: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

const redisUrl = process.env.REDIS_URL;
const redis: StoreMaker = async () => {
  const store = await createStore({ kind: 'redis', url: redisUrl ?? '' });
  return { store, done: () => store.close() };
};

describe.each([
  ['embedded', embedded, false],
  ['redis', redis, redisUrl === undefined],
] as const)('the history on the %s store', (_name, make, skip) => {
  // A repo of its own: a shared Redis holds other tests' watches, which `keep` leaves out.
  const watch = { repo: `acme/history-${randomUUID().slice(0, 8)}`, workflow: 'ci.yml', branch: 'main' };
  const mine = (w: WatchRef) => w.repo === watch.repo;
  let store: Store;
  let done: () => Promise<void>;
  const written: string[] = [];

  beforeAll(async () => {
    if (skip) return;
    ({ store, done } = await make());
  });
  afterAll(async () => {
    if (skip) return;
    for (const key of written) {
      const held = await store.get(key);
      if (held) await store.remove(key, held.version);
    }
    await done();
  });

  it.skipIf(skip)(
    'writes an ended episode once across replicas, and reads it with the open one from the document',
    async () => {
      const ended = resolved(incidentOf(watch, 1, T0), T0 + 2 * H, 'flaky');
      const move: CheckMove = {
        doc: doc({ incident: ended }),
        previous: doc({ incident: incidentOf(watch, 1, T0) }),
      };
      const [first, second] = await Promise.all([recordHistory(store, move), recordHistory(store, move)]);
      expect(first + second).toBe(1);
      const key = `${dayPrefix(dayOf(T0 + 2 * H))}${watch.repo}:ci.yml:main`;
      written.push(key);
      expect((await store.get(key))?.value).toEqual({ watch, episodes: [episodeFact(ended)] });

      // The watch document now holds episode 2, still red, and no longer episode 1.
      const open = incidentOf(watch, 2, T0 + DAY_MS);
      await store.put(watchDocKey(watch), doc({ incident: open }), 0);
      written.push(watchDocKey(watch));
      const read = await readHistory(store, T0 - DAY_MS, T0 + 2 * DAY_MS, mine);
      expect(read).toEqual([
        { watch, fact: episodeFact(ended) },
        { watch, fact: episodeFact(open) },
      ]);
      // An episode that ended before the period is not read.
      expect(await readHistory(store, T0 + DAY_MS, T0 + 2 * DAY_MS, mine)).toEqual([
        { watch, fact: episodeFact(open) },
      ]);
    },
  );

  it.skipIf(skip)('drops the days past the retention, once a day', async () => {
    const now = T0 + 200 * DAY_MS;
    const old = resolved(incidentOf(watch, 5, now - 95 * DAY_MS), now - 95 * DAY_MS + H, 'recovered');
    const kept = resolved(incidentOf(watch, 6, now - 80 * DAY_MS), now - 80 * DAY_MS + H, 'recovered');
    for (const incident of [old, kept]) {
      await recordHistory(store, {
        doc: doc({ incident }),
        previous: doc({ incident: { ...incident, status: 'open' } }),
      });
      written.push(`${dayPrefix(dayOf(incident.resolvedAt ?? 0))}${watch.repo}:ci.yml:main`);
    }
    await store.releaseMarker(`history-pruned:${dayOf(now)}`, '1');
    expect(await pruneHistory(store, now)).toBeGreaterThanOrEqual(1);
    expect(await pruneHistory(store, now)).toBe(0);
    const left = await readHistory(store, now - 100 * DAY_MS, now, mine);
    // Episode 5 is gone; 6 is kept, and 2 is still red in the watch document.
    expect(left.map(({ fact }) => fact.episode)).toEqual([2, 6]);
  });
});
