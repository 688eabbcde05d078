import { describe, expect, it } from 'vitest';
import {
  HEARD_FOR_MS,
  MAX_POLL_INTERVAL_MS,
  type PollBudget,
  type PollWatch,
  planPolling,
} from '../../../src/ci/domain/plan-polling.js';

const MIN = 60_000;
const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
/** GitHub's secondary limit for REST, 900 points a minute, less a tenth for other requests. */
const POINTS = 810;
/** What a window of a minute holds: 0.9 of it, so a cycle ends before the next. */
const PER_MINUTE = POINTS * 0.9;

const budget = (over: Partial<PollBudget> = {}): PollBudget => ({
  windowMs: 5 * MIN,
  pointsPerMinute: POINTS,
  changedShare: 0.05,
  ...over,
});

/** `n` watches named w0000…, looked at `ago` ms before NOW (undefined: never), heard `heard` ms before. */
function watches(n: number, ago: number | undefined, heard?: number, pages?: number): PollWatch[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `w${String(i).padStart(5, '0')}`,
    ...(ago === undefined ? {} : { lookedAt: NOW - ago }),
    ...(heard === undefined ? {} : { heardAt: NOW - heard }),
    ...(pages === undefined ? {} : { pages }),
  }));
}

describe('planPolling: which watches a window polls', () => {
  it.each([
    // name, watch, window, due?
    ['never looked at', { key: 'a' }, 5 * MIN, true],
    ['quiet, looked at one window ago', { key: 'a', lookedAt: NOW - 5 * MIN }, 5 * MIN, true],
    ['quiet, looked at half a window ago', { key: 'a', lookedAt: NOW - 2.5 * MIN }, 5 * MIN, true],
    ['quiet, looked at just now (a webhook check)', { key: 'a', lookedAt: NOW - MIN }, 5 * MIN, false],
    [
      'heard lately, looked at one window ago',
      { key: 'a', lookedAt: NOW - 5 * MIN, heardAt: NOW },
      5 * MIN,
      false,
    ],
    [
      'heard lately, looked at 7.5 min ago',
      { key: 'a', lookedAt: NOW - 7.5 * MIN, heardAt: NOW },
      5 * MIN,
      true,
    ],
    [
      'heard lately, 1-min window, looked at 13 min ago',
      { key: 'a', lookedAt: NOW - 13 * MIN, heardAt: NOW },
      MIN,
      false,
    ],
    [
      'heard lately, 1-min window, looked at 13.5 min ago',
      { key: 'a', lookedAt: NOW - 13.5 * MIN, heardAt: NOW },
      MIN,
      true,
    ],
    [
      'heard too long ago: polled like a quiet watch',
      { key: 'a', lookedAt: NOW - 5 * MIN, heardAt: NOW - HEARD_FOR_MS },
      5 * MIN,
      true,
    ],
    [
      'a 20-min window: every watch every cycle',
      { key: 'a', lookedAt: NOW - 20 * MIN, heardAt: NOW },
      20 * MIN,
      true,
    ],
  ] satisfies Array<[string, PollWatch, number, boolean]>)('%s', (_name, watch, windowMs, due) => {
    const plan = planPolling([watch], budget({ windowMs }), NOW);
    expect(plan.due).toEqual(due ? ['a'] : []);
  });

  it.each([
    // name, watches, window, heard interval, quiet interval (minutes)
    ['a few quiet watches, 5-min window', watches(10, 5 * MIN), 5 * MIN, 10, 5],
    ['a few quiet watches, 1-min window', watches(10, MIN), MIN, 14, 1],
    [
      '1,000 quiet watches, 1-min window: stretched to fit the points',
      watches(1000, MIN),
      MIN,
      14,
      1000 / PER_MINUTE,
    ],
    [
      '10,000 quiet watches, 1-min window: near the floor',
      watches(10_000, MIN),
      MIN,
      14,
      10_000 / PER_MINUTE,
    ],
    ['10,000 heard watches, 1-min window', watches(10_000, MIN, MIN), MIN, 14, 1],
    [
      '1,000 busy quiet watches (5 pages), 5-min window',
      watches(1000, MIN, undefined, 5),
      5 * MIN,
      10,
      5000 / PER_MINUTE,
    ],
    [
      '3,000 busy quiet watches (5 pages): 2 pages a look',
      watches(3000, MIN, undefined, 5),
      5 * MIN,
      10,
      6000 / PER_MINUTE,
    ],
  ] satisfies Array<[string, PollWatch[], number, number, number]>)(
    '%s',
    (_name, list, windowMs, heard, quiet) => {
      const plan = planPolling(list, budget({ windowMs }), NOW);
      expect(plan.intervalMs.heard / MIN).toBeCloseTo(heard, 3);
      expect(plan.intervalMs.quiet / MIN).toBeCloseTo(quiet, 3);
    },
  );

  it.each([
    // name, watches, budget, due count, points, late, limited by
    ['ample: every never-looked watch', watches(100, undefined), budget(), 100, 100, 0, 'nothing'],
    [
      'the secondary limit: 0.9 of a window of points',
      watches(2000, undefined),
      budget({ windowMs: MIN }),
      729,
      729,
      1271,
      'secondary',
    ],
    [
      'busy watches weigh their pages',
      watches(200, undefined, undefined, 5),
      budget({ windowMs: MIN }),
      145,
      725,
      55,
      'secondary',
    ],
    [
      'hourly budget spent: nothing until the reset',
      watches(50, 20 * MIN),
      budget({ remaining: 0, resetAt: NOW + 10 * MIN }),
      0,
      0,
      50,
      'primary',
    ],
    [
      'hourly budget spent, reset passed: poll again',
      watches(50, 20 * MIN),
      budget({ remaining: 0, resetAt: NOW - 1 }),
      50,
      50,
      0,
      'nothing',
    ],
    [
      'hourly budget low: spread until the reset (100 left, 50 min, half the looks counted)',
      watches(50, 5 * MIN),
      budget({ remaining: 100, resetAt: NOW + 50 * MIN, changedShare: 0.5 }),
      16,
      16,
      0,
      'primary',
    ],
    [
      'hourly budget low: first looks (no ETag, always counted) give way to polls of known watches',
      [...watches(10, undefined).map((w) => ({ ...w, key: `new-${w.key}` })), ...watches(10, 20 * MIN)],
      budget({ remaining: 55, resetAt: NOW + 50 * MIN, changedShare: 0.1 }),
      13,
      13,
      7,
      'primary',
    ],
    [
      'hourly budget above half its limit: first looks spend what is above the half',
      watches(3000, undefined),
      budget({ remaining: 4900, limit: 5000, resetAt: NOW + 50 * MIN }),
      2400,
      2400,
      600,
      'primary',
    ],
  ] satisfies Array<[string, PollWatch[], PollBudget, number, number, number, string]>)(
    '%s',
    (_name, list, plan_budget, dueCount, points, late, limitedBy) => {
      const plan = planPolling(list, plan_budget, NOW);
      expect(plan.due).toHaveLength(dueCount);
      expect(plan.points).toBe(points);
      expect(plan.late).toBe(late);
      expect(plan.limitedBy).toBe(limitedBy);
    },
  );

  it.each([
    ['fits: busy watches read their pages', 1000, undefined],
    ['short of points: busy watches read 2 pages a look', 3000, 2],
  ])('%s', (_name, count, maxPages) => {
    const plan = planPolling(watches(count, 20 * MIN, undefined, 5), budget(), NOW);
    expect(plan.maxPages).toBe(maxPages);
  });

  it('those about to pass the 15-minute floor go first (the never looked at after them), then the most overdue', () => {
    const list: PollWatch[] = [
      { key: 'quiet-6m', lookedAt: NOW - 6 * MIN },
      { key: 'heard-14m', lookedAt: NOW - 14 * MIN, heardAt: NOW - MIN },
      { key: 'quiet-9m', lookedAt: NOW - 9 * MIN },
      { key: 'never' },
    ];
    const plan = planPolling(list, budget(), NOW);
    expect(plan.due).toEqual(['heard-14m', 'quiet-9m', 'quiet-6m', 'never']);
    const tight = planPolling(list, budget({ pointsPerMinute: 1, windowMs: 2.5 * MIN }), NOW);
    expect(tight.due).toEqual(['heard-14m', 'never']);
    expect(tight.late).toBe(0);
  });
});

describe('planPolling over 75 simulated minutes of 10,000 watches (1-min cycles)', () => {
  /**
   * Runs the planner every minute on a fake clock; each due watch is looked at when its turn comes
   * at the plan's pace. A share of the watches gets a webhook now and then (and is looked at
   * then). Busy watches read 5 pages a look.
   */
  function simulate(heardShare: number) {
    const count = 10_000;
    const state = watches(count, undefined).map((w, i) => ({
      ...w,
      ...(i % 100 === 0 ? { pages: 5 } : {}),
    })) as Array<{ key: string; lookedAt?: number; heardAt?: number; pages?: number }>;
    const pointsByMinute: number[] = [];
    let worstGap = 0;
    let late = 0;
    const byKey = new Map(state.map((w) => [w.key, w]));
    for (let minute = 0; minute < 75; minute += 1) {
      const now = NOW + minute * MIN;
      // Webhooks: the heard share of the watches gets one every 30 minutes, spread over the time.
      for (const [i, watch] of state.entries()) {
        if (i / count >= heardShare || (i + minute) % 30 !== 0) continue;
        watch.heardAt = now;
        watch.lookedAt = now;
      }
      const plan = planPolling(state, budget({ windowMs: MIN, changedShare: 0.02 }), now);
      if (minute >= 15) late += plan.late;
      let spent = 0;
      for (const key of plan.due) {
        const watch = byKey.get(key);
        if (!watch) continue;
        const at = now + (spent / plan.pointsPerMinute) * MIN;
        if (watch.lookedAt !== undefined && minute >= 15) worstGap = Math.max(worstGap, at - watch.lookedAt);
        watch.lookedAt = at;
        spent += Math.min(watch.pages ?? 1, plan.maxPages ?? 5);
      }
      pointsByMinute.push(spent);
    }
    return { worstPoints: Math.max(...pointsByMinute), worstGap, late };
  }

  it.each([
    ['no webhooks', 0],
    ['webhooks for half the watches', 0.5],
    ['webhooks for every watch', 1],
  ])('%s: within the points a minute, and every watch looked at within 15 minutes', (_name, share) => {
    const { worstPoints, worstGap, late } = simulate(share);
    expect(worstPoints).toBeLessThanOrEqual(POINTS);
    expect(late).toBe(0);
    expect(worstGap).toBeLessThanOrEqual(MAX_POLL_INTERVAL_MS);
  });
});
