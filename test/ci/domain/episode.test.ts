import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/ci/domain/ci-signal.js';
import { type EpisodeState, INITIAL_EPISODE_STATE, stepEpisode } from '../../../src/ci/domain/episode.js';
import type { RunInfo } from '../../../src/core/domain/types.js';
import { run } from './run-fixtures.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const D = 'd'.repeat(40);

const green = (r: RunInfo, newerRunning = 0): Verdict => ({ kind: 'green', run: r, newerRunning });
const red = (r: RunInfo, below: { firstRed?: RunInfo; greenBefore?: RunInfo } = {}): Verdict => ({
  kind: 'red',
  run: r,
  newerRunning: 0,
  firstRed: below.firstRed ?? r,
  ...(below.greenBefore ? { greenBefore: below.greenBefore } : {}),
});
const none: Verdict = { kind: 'no-signal', reason: 'api error', newerRunning: 0, settled: false };

function drive(verdicts: Verdict[], from: EpisodeState = INITIAL_EPISODE_STATE) {
  let state = from;
  const events: string[] = [];
  for (const verdict of verdicts) {
    const step = stepEpisode(state, verdict);
    state = step.state;
    events.push(step.event?.type ?? '-');
  }
  return { state, events };
}

describe('stepEpisode', () => {
  const gA = run({ headSha: A, minute: 0 });
  const rB = run({ headSha: B, minute: 10, conclusion: 'failure' });
  const rC = run({ headSha: C, minute: 20, conclusion: 'failure' });
  const gD = run({ headSha: D, minute: 30 });

  it.each<[string, Verdict[], string[]]>([
    ['first green is quiet', [green(gA)], ['-']],
    ['green then red is a regression', [green(gA), red(rB)], ['-', 'regression']],
    [
      'the same red seen again is quiet',
      [green(gA), red(rB), red(rB), red(rB)],
      ['-', 'regression', '-', '-'],
    ],
    ['red at a newer commit is still red', [green(gA), red(rB), red(rC)], ['-', 'regression', 'still-red']],
    [
      'green at a newer commit recovers',
      [green(gA), red(rB), red(rC), green(gD)],
      ['-', 'regression', 'still-red', 'recovered'],
    ],
    [
      'no signal never moves anything',
      [green(gA), none, red(rB), none, none],
      ['-', '-', 'regression', '-', '-'],
    ],
    [
      'a red after recovery is a new regression',
      [green(gA), red(rB), green(gD), red(run({ headSha: A, minute: 40, conclusion: 'failure' }))],
      ['-', 'regression', 'recovered', 'regression'],
    ],
    ['a green after green is quiet', [green(gA), green(gD)], ['-', '-']],
  ])('%s', (_name, verdicts, expected) => {
    expect(drive(verdicts).events).toEqual(expected);
  });

  it('a regression after green names the last green as the lower end of the suspect range', () => {
    const step = stepEpisode(drive([green(gA)]).state, red(rB));
    expect(step.event).toMatchObject({
      type: 'regression',
      red: { episode: 1, firstSha: B, lastGreenSha: A, sinceUnknown: false, headSha: B, runId: rB.id },
    });
    expect(step.state.signal).toBe('red');
  });

  it('the first red with no known green is "red since unknown", blaming no commit range', () => {
    const step = stepEpisode(INITIAL_EPISODE_STATE, red(rB));
    expect(step.event?.type).toBe('regression');
    expect(step.event?.red.sinceUnknown).toBe(true);
    expect(step.event?.red).not.toHaveProperty('lastGreenSha');
  });

  it('a re-run of the red commit that passes is flaky, not recovered', () => {
    const rerunGreen = { ...rB, attempt: 2, conclusion: 'success', updatedAt: '2026-11-20T10:25:00.000Z' };
    const { state } = drive([green(gA), red(rB)]);
    const step = stepEpisode(state, green(rerunGreen));
    expect(step.event).toMatchObject({ type: 'flaky', red: { headSha: B } });
    expect(step.event?.type === 'flaky' && step.event.redForMs).toBe(15 * 60_000);
    expect(step.state).toMatchObject({ signal: 'green', lastGreen: { sha: B } });
    expect(step.state.red).toBeUndefined();
  });

  it('a re-run of the red commit that fails again is still red on the same commit', () => {
    const { state } = drive([green(gA), red(rB)]);
    const step = stepEpisode(state, red({ ...rB, attempt: 2 }));
    expect(step.event).toMatchObject({
      type: 'still-red',
      newCommit: false,
      red: { attempt: 2, firstSha: B },
    });
  });

  it('still red keeps the first red commit and time; only the head moves', () => {
    const { state } = drive([green(gA), red(rB)]);
    const step = stepEpisode(state, red(rC));
    expect(step.event).toMatchObject({
      type: 'still-red',
      newCommit: true,
      red: { firstSha: B, lastGreenSha: A, headSha: C, runId: rC.id, since: Date.parse(rB.createdAt) },
    });
  });

  it('recovery reports how long CI was red: first red created to first green finished', () => {
    const { state } = drive([green(gA), red(rB), red(rC)]);
    const step = stepEpisode(state, green(gD));
    // rB created 10:10, gD finished 10:35
    expect(step.event).toMatchObject({ type: 'recovered', redForMs: 25 * 60_000, red: { episode: 1 } });
  });

  it('episodes count up across recoveries', () => {
    const rA2 = run({ headSha: A, minute: 40, conclusion: 'failure' });
    const { state } = drive([green(gA), red(rB), green(gD), red(rA2)]);
    expect(state.episode).toBe(2);
    expect(state.red).toMatchObject({ episode: 2, lastGreenSha: D });
  });

  it('an older red run than the episode stands on is ignored', () => {
    const older = run({ headSha: A, minute: 5, conclusion: 'failure' });
    const { state } = drive([green(gA), red(rC)]);
    expect(stepEpisode(state, red(older)).event).toBeUndefined();
  });

  it('a stale look never undoes a newer one: an older green after recovery, an older red after green', () => {
    const recovered = drive([green(gA), red(rB), green(gD)]).state;
    expect(stepEpisode(recovered, red(rC)).state).toEqual(recovered);
    expect(stepEpisode(recovered, green(gA)).state).toEqual(recovered);
    const redAtC = drive([green(gA), red(rB), red(rC)]).state;
    expect(stepEpisode(redAtC, green(run({ headSha: B, minute: 11 }))).event).toBeUndefined();
  });

  it('an older attempt of the run it stands on is stale; a newer one is news', () => {
    const attempt2 = { ...rB, attempt: 2 };
    const { state } = drive([green(gA), red(rB), red(attempt2)]);
    expect(stepEpisode(state, red(rB)).event).toBeUndefined();
    expect(stepEpisode(state, green({ ...rB, attempt: 3 })).event?.type).toBe('flaky');
  });

  it('remembers the run it stands on and how many newer commits were still running', () => {
    const step = stepEpisode(INITIAL_EPISODE_STATE, green(gA, 3));
    expect(step.state.stand).toEqual({
      sha: A,
      runId: gA.id,
      attempt: 1,
      createdAt: gA.createdAt,
      at: Date.parse(gA.updatedAt),
    });
    expect(step.state.newerRunning).toBe(3);
    const quiet = stepEpisode(step.state, { ...none, newerRunning: 1, settled: true });
    expect(quiet.event).toBeUndefined();
    expect(quiet.state).toMatchObject({ signal: 'green', newerRunning: 1, stand: { sha: A } });
  });

  it('a regression starts at the first red of the streak and blames from the green just below it', () => {
    const older = drive([green(gA)]).state;
    const gB = run({ headSha: B, minute: 10 });
    const step = stepEpisode(
      older,
      red(run({ headSha: D, minute: 30, conclusion: 'failure' }), {
        firstRed: rC,
        greenBefore: gB,
      }),
    );
    expect(step.event).toMatchObject({
      type: 'regression',
      red: { firstSha: C, since: Date.parse(rC.createdAt), lastGreenSha: B, sinceUnknown: false, headSha: D },
    });
    expect(step.state.lastGreen).toMatchObject({ sha: B });
  });

  it('a first look that finds a green below the red can blame a range', () => {
    const step = stepEpisode(INITIAL_EPISODE_STATE, red(rC, { greenBefore: gA }));
    expect(step.event?.red).toMatchObject({ sinceUnknown: false, lastGreenSha: A });
  });

  it('a state written before stands were kept does not repeat its last event', () => {
    const legacy: EpisodeState = {
      signal: 'red',
      episode: 1,
      lastGreen: { sha: A, runId: gA.id, at: 0 },
      red: {
        episode: 1,
        firstSha: B,
        since: Date.parse(rB.createdAt),
        sinceUnknown: false,
        lastGreenSha: A,
        headSha: B,
        runId: rB.id,
        attempt: 1,
      },
    };
    const step = stepEpisode(legacy, red(rB));
    expect(step.event).toBeUndefined();
    expect(step.state.stand).toMatchObject({ sha: B, runId: rB.id });
    expect(stepEpisode(step.state, red(rC)).event?.type).toBe('still-red');
  });
});

describe('stepEpisode: flaky versus recovered', () => {
  it('a new green run at the commit that was red is flaky, even when it is not a re-run attempt', () => {
    const rB = run({ headSha: B, minute: 10, conclusion: 'failure' });
    const again = run({ headSha: B, minute: 12 });
    const step = stepEpisode(drive([red(rB)]).state, green(again));
    expect(step.event?.type).toBe('flaky');
  });
});
