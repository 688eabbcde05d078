import { describe, expect, it } from 'vitest';
import type { PollBudget } from '../../src/ci/domain/plan-polling.js';
import { createPollLedger } from '../../src/ci/poll-ledger.js';
import { type CycleDeps, checkAndRecord, runCycle, type WatchTargetSource } from '../../src/ci/run-cycle.js';
import type { WatchTarget } from '../../src/ci/watch-target.js';
import { createHealth } from '../../src/core/health.js';
import type { RunPage } from '../../src/core/ports.js';

const MIN = 60_000;
const START = Date.UTC(2026, 11, 6, 12, 0, 0);

function source(repo: string): WatchTargetSource {
  const target: WatchTarget = {
    watch: { repo, workflow: 'ci.yml', branch: 'main' },
    channel: 'C1',
    users: {},
  };
  return {
    repo,
    workflow: 'ci.yml',
    channel: 'C1',
    resolve: async () => target,
    peek: () => target,
    forget: () => {},
  };
}

/**
 * A cycle on a test clock: `sleep` moves the clock (no wall-clock waits); `checked` lists the
 * repos checked with the clock's time when each check started.
 */
function world(sources: WatchTargetSource[], budget: Partial<PollBudget> = {}) {
  const clock = { t: START, now: () => clock.t };
  const checked: Array<{ repo: string; at: number }> = [];
  const health = createHealth(START, false);
  health.cycle.intervalMs = 5 * MIN;
  const ledger = createPollLedger(sources);
  const silent = () => {};
  const deps: CycleDeps = {
    clock,
    log: { debug: silent, info: silent, warn: silent, error: silent },
    health,
    telemetry: {
      checkDone: silent,
      checkFailed: silent,
      cycleDone: silent,
      slackSetAside: silent,
      escalationStepsFired: silent,
    },
    targets: () => sources,
    check: async (target) => {
      checked.push({ repo: target.watch.repo, at: clock.now() });
      return { verdict: 'green', delivery: { delivered: 0, pending: 0, failed: false }, incidentOpen: false };
    },
    polling: {
      ledger,
      budget: (windowMs) => ({ windowMs, pointsPerMinute: 810, changedShare: 0.05, ...budget }),
      sleep: async (ms) => {
        clock.t = Math.max(clock.t, clock.t + ms);
      },
    },
  };
  return { deps, clock, checked, ledger };
}

describe('runCycle with the polling planner', () => {
  it('checks the watches due; one a webhook spoke for lately waits for the 15-minute floor', async () => {
    const sources = ['acme/a', 'acme/b', 'acme/c'].map(source);
    const { deps, clock, checked, ledger } = world(sources);
    await runCycle(deps);
    expect(checked.map((c) => c.repo)).toEqual(['acme/a', 'acme/b', 'acme/c']);

    // A webhook for b (and its check) a minute later; the next cycle comes five minutes after the first.
    clock.t = START + MIN;
    ledger.heard(sources[1] as WatchTargetSource, clock.t);
    ledger.looked(sources[1] as WatchTargetSource, clock.t);
    clock.t = START + 5 * MIN;
    checked.length = 0;
    await runCycle(deps);
    expect(checked.map((c) => c.repo)).toEqual(['acme/a', 'acme/c']);

    // Nine minutes after its look b is due: left to the next cycle, its look could come past the floor.
    clock.t = START + 10 * MIN;
    checked.length = 0;
    await runCycle(deps);
    expect(checked.map((c) => c.repo).sort()).toEqual(['acme/a', 'acme/b', 'acme/c']);
  });

  it('syncs the ledger before each plan: a watch another replica just looked at is not looked at again', async () => {
    const sources = ['acme/a', 'acme/b', 'acme/c'].map(source);
    const { deps, clock, checked, ledger } = world(sources);
    await runCycle(deps);
    clock.t = START + 5 * MIN;
    checked.length = 0;
    // Another replica looked at b a minute ago and heard a webhook for it; the store carries both.
    const polling = deps.polling;
    if (polling === undefined) throw new Error('the world polls');
    let synced = 0;
    const withSync: CycleDeps = {
      ...deps,
      polling: {
        ...polling,
        sync: async () => {
          synced += 1;
          ledger.adopt({ 'acme/b:ci.yml:main': { l: clock.t - MIN, h: clock.t - MIN } });
        },
      },
    };
    await runCycle(withSync);
    expect(synced).toBe(1);
    expect(checked.map((c) => c.repo)).toEqual(['acme/a', 'acme/c']);
  });

  it('spreads its looks at the plan pace: 30 at once, then one per point a minute allows', async () => {
    const sources = Array.from({ length: 100 }, (_, i) => source(`acme/r${String(i).padStart(3, '0')}`));
    const { deps, checked } = world(sources, { pointsPerMinute: 60 });
    await runCycle(deps);
    expect(checked).toHaveLength(100);
    for (const [k, { at }] of checked.entries())
      expect(at).toBeGreaterThanOrEqual(START + Math.max(0, k - 30) * 1000);
    expect(checked.at(-1)?.at).toBe(START + 69 * 1000);
  });

  it('a look stops at the page limit the plan set, as if GitHub had no further page', async () => {
    const asked: number[] = [];
    const ledger = createPollLedger([]);
    const ci = ledger.countPages({
      listRuns: async (_watch, page): Promise<RunPage> => {
        asked.push(page);
        return { runs: [], more: true };
      },
    });
    const watch = { repo: 'acme/a', workflow: 'ci.yml', branch: 'main' };
    ledger.limitPages(2);
    expect(await ci.listRuns(watch, 2)).toEqual({ runs: [], more: true });
    expect(await ci.listRuns(watch, 3)).toEqual({ runs: [], more: false });
    expect(asked).toEqual([2]);
    ledger.limitPages(undefined);
    await ci.listRuns(watch, 3);
    expect(asked).toEqual([2, 3]);
  });
});

describe('runCycle while the process stops', () => {
  it('starts no further look once stopping: the looks under way finish, the rest stay due', async () => {
    const sources = Array.from({ length: 20 }, (_, i) => source(`acme/r${i}`));
    const { deps, checked, ledger } = world(sources);
    let stopping = false;
    const check = deps.check;
    // SIGTERM arrives during the third look.
    const stopped: CycleDeps = {
      ...deps,
      stopping: () => stopping,
      check: async (target) => {
        if (checked.length === 2) stopping = true;
        return check(target);
      },
    };
    await runCycle(stopped);
    // The eight looks started at once (CONCURRENCY) finish; none starts after the signal.
    expect(checked.length).toBeLessThan(sources.length);
    expect(checked.length).toBe(8);
    // Those not looked at are still due, for the next cycle on this replica or another.
    const due = ledger.watches(sources).filter((w) => w.lookedAt === undefined).length;
    expect(due).toBe(sources.length - checked.length);
  });
});

describe('the cycle looks through its polling check, a webhook through the other', () => {
  it('runCycle calls `poll` for every watch it looks at, checkAndRecord `check` by default', async () => {
    const sources = ['acme/a', 'acme/b'].map(source);
    const { deps, checked } = world(sources);
    const polled: string[] = [];
    const withPoll: CycleDeps = {
      ...deps,
      poll: async (target) => {
        polled.push(target.watch.repo);
        return {
          verdict: 'green',
          delivery: { delivered: 0, pending: 0, failed: false },
          incidentOpen: false,
        };
      },
    };
    await runCycle(withPoll);
    expect(polled).toEqual(['acme/a', 'acme/b']);
    expect(checked).toEqual([]);
    // A webhook's look (createChecks.check) goes through checkAndRecord with the first lane's check.
    await checkAndRecord(withPoll, sources[0] as WatchTargetSource);
    expect(checked.map((c) => c.repo)).toEqual(['acme/a']);
    expect(polled).toHaveLength(2);
  });
});
