import { describe, expect, it } from 'vitest';
import type { EpisodeFact } from '../../../src/report/domain/episode-fact.js';
import type { EpisodeRecord } from '../../../src/report/domain/episode-record.js';
import { median, periodsEnding, redByDay, reportFigures } from '../../../src/report/domain/report-figures.js';

const H = 3_600_000;
const END = Date.parse('2026-12-07T09:00:00Z');
const { now: WEEK, before: WEEK_BEFORE } = periodsEnding(END, 7);
const START = WEEK.start; // 2026-11-30T09:00Z
const widgets = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
const gadgets = { repo: 'acme/gadgets', workflow: 'ci.yml', branch: 'main' };

function ep(
  fact: Partial<EpisodeFact> & Pick<EpisodeFact, 'episode' | 'since'>,
  watch = widgets,
): EpisodeRecord {
  return { watch, fact };
}

// A week by hand: widgets #4 spans the start (red 2h before it, 3h into it); #5 flaky, 1h;
// #6 recovered after 10h, acknowledged after 30m, with a fix task; #7 still red, 2h before the end.
// gadgets #1 flaky, 2h, acknowledged after 10m; gadgets #2 ended before the period (not counted).
const history: EpisodeRecord[] = [
  ep({ episode: 4, since: START - 2 * H, resolvedAt: START + 3 * H, ended: 'recovered', ackAt: START - H }),
  ep({
    episode: 5,
    since: START + 24 * H,
    resolvedAt: START + 25 * H,
    ended: 'flaky',
    flaked: ['test (ubuntu)', 'lint'],
    failures: [{ fingerprint: 'f-timeout', job: 'test (ubuntu)', line: 'Error: timed out after 5000ms' }],
  }),
  ep({
    episode: 6,
    since: START + 48 * H,
    resolvedAt: START + 58 * H,
    ended: 'fixed',
    ackAt: START + 48.5 * H,
    ackBy: 'U0ALICE',
    failures: [{ fingerprint: 'f-build', job: 'build', line: "error TS2304: Cannot find name 'x'." }],
    task: {
      id: 'T-3',
      state: 'verified',
      startedAt: START + 49 * H,
      mergedAt: START + 55 * H,
      verifiedAt: START + 58 * H,
    },
  }),
  ep({ episode: 7, since: END - 2 * H }),
  ep(
    {
      episode: 1,
      since: START + 72 * H,
      resolvedAt: START + 74 * H,
      ended: 'flaky',
      ackAt: START + 72 * H + 10 * 60_000,
      flaked: ['test (ubuntu)'],
      failures: [{ fingerprint: 'f-timeout', job: 'test (ubuntu)', line: 'Error: timed out after 5000ms' }],
    },
    gadgets,
  ),
  ep({ episode: 2, since: START - 30 * H, resolvedAt: START - 29 * H, ended: 'recovered' }, gadgets),
];

describe('reportFigures', () => {
  const figures = reportFigures(history, WEEK, 2);

  it('counts red time inside the period only: an episode spanning the start, one still open', () => {
    // widgets: 3h (#4 after the start) + 1h + 10h + 2h (#7 up to the end); gadgets: 2h.
    expect(figures.redMs).toBe(18 * H);
    expect(figures.redShare).toBeCloseTo(18 / (2 * 7 * 24), 10);
  });

  it('counts episodes that went red in the period, those carried in and those still red', () => {
    expect(figures.episodes).toBe(4);
    expect(figures.carriedIn).toBe(1);
    expect(figures.stillRed).toBe(1);
  });

  it('times red to green of the episodes that ended in the period: median and slowest', () => {
    // #4 5h, #5 1h, #6 10h, gadgets #1 2h: median (2h + 5h) / 2, slowest widgets #6.
    expect(figures.toGreen?.medianMs).toBe(3.5 * H);
    expect(figures.toGreen?.slowestMs).toBe(10 * H);
    expect(figures.toGreen?.slowest.fact.episode).toBe(6);
  });

  it('times red to acknowledged of the episodes acknowledged in the period', () => {
    // #4 was acknowledged before the period: not counted. #6 30m, gadgets #1 10m.
    expect(figures.toAck).toEqual({ medianMs: 20 * 60_000, count: 2 });
  });

  it('counts flaky episodes and the jobs that flaked most', () => {
    expect(figures.flaky).toBe(2);
    expect(figures.flakedJobs).toEqual([
      { item: 'test (ubuntu)', count: 2 },
      { item: 'lint', count: 1 },
    ]);
  });

  it('lists the failures of the most episodes, with their job and error line', () => {
    expect(figures.failures).toEqual([
      {
        item: { fingerprint: 'f-timeout', job: 'test (ubuntu)', line: 'Error: timed out after 5000ms' },
        count: 2,
      },
      {
        item: { fingerprint: 'f-build', job: 'build', line: "error TS2304: Cannot find name 'x'." },
        count: 1,
      },
    ]);
  });

  it('counts fix tasks by the states they entered in the period', () => {
    expect(figures.tasks).toEqual({ started: 1, merged: 1, verified: 1, reverted: 0 });
  });

  it('counts an episode read twice (a restart, two replicas) once', () => {
    const twice = reportFigures([...history, ...history], WEEK, 2);
    expect(twice).toEqual(figures);
  });

  it('reads the period before from the same history: what was still red then is red to its end', () => {
    const before = reportFigures(history, WEEK_BEFORE, 2);
    // #4 red for its last 2h of that period, gadgets #2 for 1h.
    expect(before.redMs).toBe(3 * H);
    expect(before.episodes).toBe(2);
    expect(before.stillRed).toBe(1);
    expect(before.toGreen?.medianMs).toBe(H);
  });

  it('says nothing about times when nothing ended: an empty period', () => {
    const empty = reportFigures([], WEEK, 3);
    expect(empty).toMatchObject({
      redMs: 0,
      redShare: 0,
      episodes: 0,
      flaky: 0,
      failures: [],
      flakedJobs: [],
    });
    expect(empty.toGreen).toBeUndefined();
    expect(empty.toAck).toBeUndefined();
  });
});

describe('median', () => {
  it.each([
    [[], undefined],
    [[5], 5],
    [[9, 1, 5], 5],
    [[4, 1, 3, 2], 2.5],
  ])('of %j is %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('redByDay', () => {
  it('splits red time per watch per UTC day, zero days included', () => {
    const period = { start: Date.parse('2026-12-01T00:00:00Z'), end: Date.parse('2026-12-03T00:00:00Z') };
    const records = [
      ep({
        episode: 1,
        since: Date.parse('2026-12-01T22:00:00Z'),
        resolvedAt: Date.parse('2026-12-02T01:00:00Z'),
      }),
    ];
    expect(redByDay(records, period, ['acme/widgets', 'acme/gadgets'], (watch) => watch.repo)).toEqual([
      { watch: 'acme/widgets', day: '2026-12-01', redMs: 2 * H },
      { watch: 'acme/gadgets', day: '2026-12-01', redMs: 0 },
      { watch: 'acme/widgets', day: '2026-12-02', redMs: H },
      { watch: 'acme/gadgets', day: '2026-12-02', redMs: 0 },
    ]);
  });
});
