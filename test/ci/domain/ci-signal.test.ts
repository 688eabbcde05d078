import { describe, expect, it } from 'vitest';
import { ciSignal, markOf, type Verdict } from '../../../src/ci/domain/ci-signal.js';
import type { RunInfo } from '../../../src/core/domain/types.js';
import { run } from './run-fixtures.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const D = 'd'.repeat(40);
const E = 'e'.repeat(40);

const running = (headSha: string, minute: number, status = 'in_progress') =>
  run({ headSha, minute, status, conclusion: null });

/** The verdict's kind and the commit that decided it, as a table cell reads. */
function summary(verdict: Verdict): string {
  if (verdict.kind === 'no-signal') return `no-signal${verdict.settled ? ' (settled)' : ''}`;
  return `${verdict.kind} at ${verdict.run.headSha[0]}`;
}

describe('ciSignal: the newest commit with a decisive result decides', () => {
  it.each([
    ['success', 'green at a'],
    ['failure', 'red at a'],
    ['timed_out', 'red at a'],
    ['startup_failure', 'red at a'],
    ['cancelled', 'no-signal'],
    ['skipped', 'no-signal'],
    ['neutral', 'no-signal'],
    ['action_required', 'no-signal'],
    ['stale', 'no-signal'],
  ])('a lone run concluded %s reads as %s', (conclusion, expected) => {
    expect(summary(ciSignal([run({ conclusion })]))).toBe(expected);
  });

  it('no runs is no signal, and reading further could change it', () => {
    expect(ciSignal([])).toEqual({ kind: 'no-signal', reason: 'no runs', newerRunning: 0, settled: false });
  });

  const gA = run({ headSha: A, minute: 1 });
  const rB = run({ headSha: B, minute: 2, conclusion: 'failure' });
  const cancelled = (sha: string, minute: number) => run({ headSha: sha, minute, conclusion: 'cancelled' });

  it.each<[string, RunInfo[], string]>([
    ['busy head in progress over a finished red', [gA, rB, running(C, 3), running(D, 4)], 'red at b'],
    [
      'busy head in progress over a finished green',
      [rB, run({ headSha: C, minute: 3 }), running(D, 4)],
      'green at c',
    ],
    [
      'queued and waiting heads are passed over too',
      [gA, rB, running(C, 3, 'queued'), running(D, 4, 'waiting')],
      'red at b',
    ],
    [
      'heads cancelled by concurrency are passed over',
      [gA, rB, cancelled(C, 3), cancelled(D, 4)],
      'red at b',
    ],
    [
      'skipped, neutral, stale and action_required prove nothing',
      [
        gA,
        run({ headSha: B, minute: 2, conclusion: 'skipped' }),
        run({ headSha: C, minute: 3, conclusion: 'neutral' }),
        run({ headSha: D, minute: 4, conclusion: 'stale' }),
        run({ headSha: E, minute: 5, conclusion: 'action_required' }),
      ],
      'green at a',
    ],
    ['the order the runs arrive in does not matter', [running(D, 4), rB, gA, running(C, 3)], 'red at b'],
    ['nothing finished yet is no signal', [running(C, 3), cancelled(D, 4)], 'no-signal'],
    [
      "pull-request runs that merely name the branch (a fork's main) are ignored",
      [
        gA,
        run({ headSha: B, minute: 2, conclusion: 'failure', event: 'pull_request' }),
        run({ headSha: C, minute: 3, conclusion: 'failure', event: 'pull_request_target' }),
      ],
      'green at a',
    ],
    [
      'only pull-request runs is no signal',
      [run({ headSha: B, conclusion: 'failure', event: 'pull_request' })],
      'no-signal',
    ],
  ])('%s', (_name, runs, expected) => {
    expect(summary(ciSignal(runs))).toBe(expected);
  });

  it('counts the newer commits still running, not the cancelled ones', () => {
    const verdict = ciSignal([gA, rB, running(C, 3), cancelled(D, 4), running(E, 5, 'queued')]);
    expect(verdict).toMatchObject({ kind: 'red', run: rB, newerRunning: 2 });
  });
});

describe('ciSignal: latest attempt wins', () => {
  it('a green attempt 2 of the head supersedes its red attempt 1', () => {
    const attempt2 = run({ headSha: B, minute: 2, attempt: 2, conclusion: 'success' });
    expect(ciSignal([attempt2])).toMatchObject({ kind: 'green', run: attempt2 });
  });

  it('of two runs at one commit, the newer run decides, even when an older commit was green', () => {
    const gA = run({ headSha: A, minute: 1 });
    const first = run({ headSha: B, minute: 2, conclusion: 'success' });
    const second = run({ headSha: B, minute: 3, conclusion: 'failure', event: 'workflow_dispatch' });
    expect(ciSignal([gA, first, second])).toMatchObject({ kind: 'red', run: second });
  });

  it('a commit whose newest run is being re-run is passed over, not judged by its older run', () => {
    const gA = run({ headSha: A, minute: 1 });
    const oldRed = run({ headSha: B, minute: 2, conclusion: 'failure' });
    const rerunning = run({ headSha: B, minute: 3, status: 'queued', conclusion: null });
    expect(ciSignal([gA, oldRed, rerunning])).toMatchObject({ kind: 'green', run: gA });
  });

  it('ties on creation time go to the higher run id', () => {
    const low = run({ headSha: A, minute: 3, conclusion: 'success' });
    const high = run({ headSha: A, minute: 3, conclusion: 'failure' });
    expect(ciSignal([high, low])).toMatchObject({ kind: 'red', run: high });
  });
});

describe('ciSignal: monotonic from the run the state stands on', () => {
  const gA = run({ headSha: A, minute: 1 });
  const rB = run({ headSha: B, minute: 2, conclusion: 'failure' });

  it('a re-run under way on the red head never lets an older green read as recovery', () => {
    const rerun = { ...rB, attempt: 2, status: 'in_progress', conclusion: null };
    const verdict = ciSignal([gA, rerun], markOf(rB));
    expect(verdict).toEqual({
      kind: 'no-signal',
      reason: 'nothing newer finished',
      newerRunning: 1,
      settled: true,
    });
    // Without the stand, the same runs would read green: the stand is what protects the episode.
    expect(summary(ciSignal([gA, rerun]))).toBe('green at a');
  });

  it('an older red that completes after a newer green never decides', () => {
    const lateRed = run({
      headSha: A,
      minute: 1,
      conclusion: 'failure',
      updatedAt: '2026-11-20T11:30:00.000Z',
    });
    const newerGreen = run({ headSha: B, minute: 2 });
    expect(summary(ciSignal([lateRed, newerGreen], markOf(newerGreen)))).toBe('green at b');
    expect(summary(ciSignal([lateRed, running(B, 2)], markOf(newerGreen)))).toBe('no-signal (settled)');
  });

  it('commits are ordered by their run creation, not by when they finished', () => {
    const slowOld = run({
      headSha: A,
      minute: 1,
      conclusion: 'failure',
      updatedAt: '2026-11-20T12:00:00.000Z',
    });
    const quickNew = run({ headSha: B, minute: 2, updatedAt: '2026-11-20T10:03:00.000Z' });
    expect(summary(ciSignal([slowOld, quickNew]))).toBe('green at b');
  });

  it('an older attempt of the run it stands on is stale', () => {
    const attempt2 = { ...rB, attempt: 2, conclusion: 'success' };
    expect(summary(ciSignal([rB], markOf(attempt2)))).toBe('no-signal (settled)');
  });

  it('the walk stops at the stand commit: nothing older is read', () => {
    const gC = run({ headSha: C, minute: 0 });
    const verdict = ciSignal([gC, rB, running(D, 4)], markOf(gA));
    expect(summary(verdict)).toBe('red at b');
    expect(verdict).toMatchObject({ firstRed: rB });
    expect(verdict).not.toHaveProperty('greenBefore');
  });
});

describe('ciSignal: where a red streak starts', () => {
  it('names the oldest red after the newest green below it', () => {
    const gA = run({ headSha: A, minute: 1 });
    const rB = run({ headSha: B, minute: 2, conclusion: 'failure' });
    const cC = run({ headSha: C, minute: 3, conclusion: 'cancelled' });
    const rD = run({ headSha: D, minute: 4, conclusion: 'failure' });
    const verdict = ciSignal([gA, rB, cC, rD, running(E, 5)]);
    expect(verdict).toMatchObject({ kind: 'red', run: rD, firstRed: rB, greenBefore: gA, newerRunning: 1 });
  });

  it('with no green below, the streak reaches as far as the runs read', () => {
    const rB = run({ headSha: B, minute: 2, conclusion: 'failure' });
    const rC = run({ headSha: C, minute: 3, conclusion: 'failure' });
    const verdict = ciSignal([rB, rC]);
    expect(verdict).toMatchObject({ kind: 'red', run: rC, firstRed: rB });
    expect(verdict.kind === 'red' && verdict.greenBefore).toBeUndefined();
  });
});
