import { describe, expect, it } from 'vitest';
import { ciSignal } from '../../src/domain/ci-signal.js';
import { run } from './run-fixtures.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('ciSignal', () => {
  it.each([
    ['success', 'green'],
    ['failure', 'red'],
    ['timed_out', 'red'],
    ['startup_failure', 'red'],
    ['cancelled', 'no-signal'],
    ['skipped', 'no-signal'],
    ['neutral', 'no-signal'],
    ['action_required', 'no-signal'],
    ['stale', 'no-signal'],
  ])('a head run concluded %s reads as %s', (conclusion, kind) => {
    expect(ciSignal([run({ conclusion })]).kind).toBe(kind);
  });

  it('no runs is no signal', () => {
    expect(ciSignal([])).toEqual({ kind: 'no-signal', reason: 'no runs' });
  });

  it('takes the verdict at the newest head commit, whatever order the runs come in', () => {
    const old = run({ headSha: A, minute: 1, conclusion: 'failure' });
    const head = run({ headSha: B, minute: 2, conclusion: 'success' });
    expect(ciSignal([old, head])).toEqual({ kind: 'green', run: head });
    expect(ciSignal([head, old])).toEqual({ kind: 'green', run: head });
  });

  it('a green re-run (latest attempt) of the head supersedes its failed attempt', () => {
    const rerun = run({ headSha: A, attempt: 2, conclusion: 'success' });
    expect(ciSignal([rerun])).toEqual({ kind: 'green', run: rerun });
  });

  it('while the head run is in progress, an older green does not stand in for it', () => {
    const olderGreen = run({ headSha: A, minute: 1, conclusion: 'success' });
    const running = run({ headSha: B, minute: 2, status: 'in_progress', conclusion: null });
    expect(ciSignal([olderGreen, running])).toEqual({ kind: 'no-signal', reason: 'head run in progress' });
  });

  it('a re-run under way at the head is no signal, not the older commit', () => {
    const olderGreen = run({ headSha: A, minute: 1 });
    const rerunning = run({ headSha: B, minute: 2, attempt: 2, status: 'queued', conclusion: null });
    expect(ciSignal([rerunning, olderGreen]).kind).toBe('no-signal');
  });

  it('of two runs at the head commit, the newer one decides', () => {
    const first = run({ headSha: A, minute: 1, conclusion: 'failure' });
    const second = run({ headSha: A, minute: 2, conclusion: 'success', event: 'workflow_dispatch' });
    expect(ciSignal([first, second])).toEqual({ kind: 'green', run: second });
  });

  it('ties on creation time go to the higher run id', () => {
    const low = run({ headSha: A, minute: 3, conclusion: 'success' });
    const high = run({ headSha: A, minute: 3, conclusion: 'failure' });
    expect(ciSignal([high, low])).toEqual({ kind: 'red', run: high });
  });

  it("ignores pull-request runs that merely name the branch (a fork's main)", () => {
    const push = run({ headSha: A, minute: 1, conclusion: 'success' });
    const forkPr = run({ headSha: B, minute: 2, conclusion: 'failure', event: 'pull_request' });
    const target = run({ headSha: B, minute: 3, conclusion: 'failure', event: 'pull_request_target' });
    expect(ciSignal([push, forkPr, target])).toEqual({ kind: 'green', run: push });
    expect(ciSignal([forkPr])).toEqual({ kind: 'no-signal', reason: 'no runs' });
  });

  it('a cancelled head is no signal even when an older commit was red', () => {
    const red = run({ headSha: A, minute: 1, conclusion: 'failure' });
    const cancelled = run({ headSha: B, minute: 2, conclusion: 'cancelled' });
    expect(ciSignal([red, cancelled])).toEqual({ kind: 'no-signal', reason: 'head run cancelled' });
  });
});
