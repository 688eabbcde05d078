import { createClient } from '@keyv/redis';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckDeps } from '../../src/check-watch.js';
import { checkWatch } from '../../src/check-watch.js';
import { type AppHarness, type HarnessOptions, startAppHarness } from '../support/app-harness.js';
import { ALICE, REPO, visibleText } from '../support/scenario.js';

const redisUrl = process.env.REDIS_URL;
/** Databases of their own, so other suites sharing this Redis do not see these keys. */
const DBS = [10, 11];

type Step = (h: AppHarness, runs: Map<string, number>) => void;

/** A busy day on main: commits whose runs finish out of order, a cancelled one, a flaky re-run. */
const HISTORY: Step[] = [
  (h) => void h.push('Add widgets', 'success'),
  (h, runs) => {
    const sha = h.github.addCommit(REPO, { message: 'Refactor the parser', author: ALICE });
    runs.set('refactor', h.github.addRun(REPO, { headSha: sha, status: 'in_progress' }));
  },
  (h) => void h.push('Break the widget parser', 'failure'),
  (h, runs) => h.github.completeRun(runs.get('refactor') ?? 0, { conclusion: 'success' }),
  (h) => void h.push('Try to fix the parser', 'failure'),
  (h) => void h.push('Superseded push', 'cancelled'),
  (h, runs) => {
    const sha = h.github.addCommit(REPO, { message: 'Really fix the parser', author: ALICE });
    runs.set('fix', h.github.addRun(REPO, { headSha: sha, status: 'in_progress' }));
  },
  (h, runs) => h.github.completeRun(runs.get('fix') ?? 0, { conclusion: 'success' }),
  (h, runs) => void runs.set('last red', h.push('Break it once more', 'failure').runId),
  (h) => h.clock.advance(60_000),
  // The red head is re-run and passes: a flake.
  (h, runs) => void h.github.completeRerun(runs.get('last red') ?? 0, { conclusion: 'success' }),
];

/** What people saw: each top-level message with its thread, as text. */
function seen(h: AppHarness): string[][] {
  return h
    .messages()
    .map((root) => [visibleText(root), ...h.replies(root).map((reply) => visibleText(reply))]);
}

async function finalState(h: AppHarness) {
  const { value } = await h.doc();
  return { episode: value.episode, outbox: value.outbox, incidents: value.current?.incident };
}

describe.each([
  ['the embedded store', undefined],
  ['Redis', redisUrl],
] as const)('racing checks on %s end as a sequential run does', (_name, redis) => {
  const harnesses: AppHarness[] = [];
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    for (const h of harnesses.splice(0)) await h.close();
  });

  async function world(db: number): Promise<AppHarness> {
    const options: HarnessOptions = {};
    if (redis) {
      const url = `${redis.replace(/\/\d*$/, '')}/${db}`;
      const client = createClient({ url });
      await client.connect();
      await client.flushDb();
      await client.quit();
      Object.assign(options, { redisUrl: url });
    }
    const h = await startAppHarness(options);
    harnesses.push(h);
    return h;
  }

  it.skipIf(redis === undefined && _name === 'Redis')(
    'webhook, poll and /overseer check at once, at every step of a busy history',
    async () => {
      const sequential = await world(DBS[0] ?? 10);
      const racing = await world(DBS[1] ?? 11);
      // On Redis the racers are separate replicas, each with its own connection and clients.
      const racers: CheckDeps[] = [racing.deps];
      if (redis) {
        for (let i = 0; i < 2; i += 1) {
          const replica = await racing.replica();
          closers.push(() => replica.close());
          racers.push(replica.deps);
        }
      }
      const seqRuns = new Map<string, number>();
      const raceRuns = new Map<string, number>();
      for (const step of HISTORY) {
        step(sequential, seqRuns);
        step(racing, raceRuns);
        await sequential.check();
        await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            checkWatch(racers[i % racers.length] ?? racing.deps, racing.target),
          ),
        );
      }
      await racing.check();
      await sequential.check();
      expect(seen(racing)).toEqual(seen(sequential));
      expect(await finalState(racing)).toEqual(await finalState(sequential));
      // Two incidents, and the day's digest with the flake (queued by default).
      expect(seen(sequential)).toHaveLength(3);
    },
    60_000,
  );

  it('a check that read GitHub before a newer check committed never moves the episode back', async () => {
    const h = await world(DBS[0] ?? 10);
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
    await h.check();

    // A webhook's check reads the runs (still red) and is held before it decides...
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let read = () => {};
    const hasRead = new Promise<void>((resolve) => {
      read = resolve;
    });
    const slow: CheckDeps = {
      ...h.deps,
      ci: {
        ...h.deps.ci,
        listRuns: async (watch, page) => {
          const runs = await h.deps.ci.listRuns(watch, page);
          read();
          await held;
          return runs;
        },
      },
    };
    const stale = checkWatch(slow, h.target);
    await hasRead;
    // ...while the fix lands and the poll records the recovery.
    h.push('Fix the parser', 'success');
    expect((await h.check()).event).toBe('recovered');
    release();
    const late = await stale;

    expect(late.event).toBeUndefined();
    await h.check();
    expect(h.topLevelPosts()).toBe(1);
    expect(visibleText(h.messages()[0])).toMatch(/recovered/i);
    expect((await h.doc()).value.episode).toMatchObject({ signal: 'green', episode: 1 });
  });
});
