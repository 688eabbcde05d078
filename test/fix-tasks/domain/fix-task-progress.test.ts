import { describe, expect, it } from 'vitest';
import {
  type FixStrategy,
  type FixTask,
  type FixTaskState,
  openFixTask,
} from '../../../src/fix-tasks/domain/fix-task.js';
import {
  type FixObservation,
  progress,
  progressEvent,
} from '../../../src/fix-tasks/domain/fix-task-progress.js';
import {
  isRevertMessage,
  MAX_REVERT_AGE_MS,
  type RevertFacts,
  revertRefusal,
} from '../../../src/fix-tasks/domain/revert-ladder.js';

const T0 = Date.UTC(2026, 10, 20, 10, 0);
const RUN = { id: 4242, attempt: 1, url: 'https://github.com/acme/widgets/actions/runs/4242' };
const HEAD = 'b'.repeat(40);
const SUSPECT = 'a'.repeat(40);
const MERGE = 'c'.repeat(40);
const OPEN_PR = {
  number: 17,
  url: 'https://github.com/acme/widgets/pull/17',
  state: 'open',
  merged: false,
} as const;
const MERGED_PR = { ...OPEN_PR, state: 'closed', merged: true, mergeCommitSha: MERGE } as const;
const CLOSED_PR = { ...OPEN_PR, state: 'closed' } as const;

function task(strategy: FixStrategy, state: FixTaskState, refs: FixTask['refs'] = {}): FixTask {
  const plan =
    strategy === 'dispatch'
      ? ({ strategy, run: RUN, headSha: HEAD, workflow: 'fix.yml' } as const)
      : strategy === 'revert'
        ? ({ strategy, run: RUN, headSha: HEAD, commit: SUSPECT } as const)
        : ({ strategy, run: RUN, headSha: HEAD } as const);
  const opened = openFixTask({
    id: 'T-1',
    incidentId: 'acme/widgets:ci.yml:main#3',
    watch: { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' },
    plan,
    now: T0,
  });
  return { ...opened, state, version: 4, refs };
}

const withPr = { pr: { number: 17, url: OPEN_PR.url } };

describe('progressEvent: what GitHub shows moves a fix with a pull request', () => {
  const cases: Array<[string, FixTaskState, FixTask['refs'], FixObservation, string | undefined]> = [
    ['no pull request yet', 'running', {}, {}, undefined],
    ['the fix pull request appeared', 'running', {}, { pr: OPEN_PR }, 'pr-opened'],
    ['checks still running', 'pr_open', withPr, { pr: OPEN_PR, checks: 'pending' }, undefined],
    ['no checks yet', 'pr_open', withPr, { pr: OPEN_PR, checks: 'none' }, undefined],
    [
      'workflows wait for approval: no move (a call-out instead)',
      'pr_open',
      withPr,
      { pr: OPEN_PR, checks: 'action_required' },
      undefined,
    ],
    ['checks green', 'pr_open', withPr, { pr: OPEN_PR, checks: 'success' }, 'checks-passed'],
    ['checks red', 'pr_open', withPr, { pr: OPEN_PR, checks: 'failure' }, 'failed'],
    ['closed unmerged while open', 'pr_open', withPr, { pr: CLOSED_PR }, 'failed'],
    ['merged by hand before its checks', 'pr_open', withPr, { pr: MERGED_PR }, 'merged'],
    [
      'checks passed: ask for Approve merge',
      'checks_passed',
      withPr,
      { pr: OPEN_PR, checks: 'success' },
      'merge-requested',
    ],
    ['merged by hand while asked', 'awaiting_merge_approval', withPr, { pr: MERGED_PR }, 'merged'],
    [
      'waiting for a click: nothing moves',
      'awaiting_merge_approval',
      withPr,
      { pr: OPEN_PR, checks: 'success' },
      undefined,
    ],
    ['closed while waiting for approval', 'awaiting_merge_approval', withPr, { pr: CLOSED_PR }, 'failed'],
    ['merge commit green', 'merged', { ...withPr, mergeSha: MERGE }, { mergeChecks: 'success' }, 'verified'],
    ['merge commit red', 'merged', { ...withPr, mergeSha: MERGE }, { mergeChecks: 'failure' }, 'regressed'],
    [
      'merge commit still running',
      'merged',
      { ...withPr, mergeSha: MERGE },
      { mergeChecks: 'pending' },
      undefined,
    ],
    ['regressed waits for its revert (an effect, not an observation)', 'regressed', withPr, {}, undefined],
    // Issue 15: cancelled, skipped and neutral runs are no signal, as for the CI signal.
    [
      'checks cancelled or all skipped: wait',
      'pr_open',
      withPr,
      { pr: OPEN_PR, checks: 'no_signal' },
      undefined,
    ],
    [
      'merge commit cancelled or skipped: wait, never regressed nor verified',
      'merged',
      { ...withPr, mergeSha: MERGE },
      { mergeChecks: 'no_signal' },
      undefined,
    ],
    [
      'merge commit cancelled, a newer commit on the branch green: verified',
      'merged',
      { ...withPr, mergeSha: MERGE },
      { mergeChecks: 'no_signal', newerOnBranch: 'green' },
      'verified',
    ],
    [
      'merge commit cancelled, a newer commit red: not the fix for sure, so no regression',
      'merged',
      { ...withPr, mergeSha: MERGE },
      { mergeChecks: 'no_signal', newerOnBranch: 'red' },
      undefined,
    ],
    [
      'merge commit red: a newer green commit does not hide it',
      'merged',
      { ...withPr, mergeSha: MERGE },
      { mergeChecks: 'failure', newerOnBranch: 'green' },
      'regressed',
    ],
  ];
  for (const strategy of ['revert', 'dispatch', 'issue'] as const) {
    it.each(cases)(`${strategy}: %s`, (_name, state, refs, obs, expected) => {
      expect(progressEvent(task(strategy, state, refs), obs)?.type).toBe(expected);
    });
  }

  it("never moves a rerun: the watch's own runs follow it", () => {
    expect(progressEvent(task('rerun', 'running'), { pr: OPEN_PR })).toBeUndefined();
  });

  it('names the failed workflows and the closed pull request in the reason', () => {
    const red = progressEvent(task('dispatch', 'pr_open', withPr), {
      pr: OPEN_PR,
      checks: 'failure',
      checkNames: ['CI', 'Lint'],
    });
    expect(red).toEqual({ type: 'failed', reason: 'the checks of pull request #17 failed (CI, Lint)' });
    expect(progressEvent(task('dispatch', 'pr_open', withPr), { pr: CLOSED_PR })).toEqual({
      type: 'failed',
      reason: 'pull request #17 was closed without merging',
    });
  });
});

describe('progress: one look applies every move it calls for, and no more', () => {
  it('a green fix pull request found in one look goes straight to awaiting merge approval', () => {
    const moved = progress(task('dispatch', 'running'), { pr: OPEN_PR, checks: 'success' }, T0 + 1000);
    expect(moved.state).toBe('awaiting_merge_approval');
    expect(moved.refs.pr).toEqual({ number: 17, url: OPEN_PR.url });
    expect(moved.audit.map((entry) => entry.action)).toEqual([
      'open',
      'pr-opened',
      'checks-passed',
      'merge-requested',
    ]);
    expect(moved.version).toBe(7);
  });

  it('stops at awaiting merge approval: only a person merges', () => {
    const waiting = progress(
      task('issue', 'awaiting_merge_approval', withPr),
      { pr: OPEN_PR, checks: 'success' },
      T0,
    );
    expect(waiting.state).toBe('awaiting_merge_approval');
    expect(waiting.version).toBe(4);
  });

  it('a merge found without a merge commit is refused, not recorded blank', () => {
    const odd = progress(
      task('revert', 'pr_open', withPr),
      { pr: { number: 17, url: OPEN_PR.url, state: 'closed', merged: true } },
      T0,
    );
    expect(odd.state).toBe('pr_open');
  });
});

describe('revert safety ladder', () => {
  const NOW = T0;
  const suspect = { sha: SUSPECT, message: 'Add a widget cache', committedAt: NOW - 60 * 60_000 };
  const good: RevertFacts = {
    recovered: false,
    suspectCount: 1,
    suspect,
    pull: { number: 12 },
  };
  const cases: Array<[string, Partial<RevertFacts>, RegExp | undefined]> = [
    ['every rung holds', {}, undefined],
    ['CI recovered', { recovered: true }, /CI is green again/],
    ['two suspects', { suspectCount: 2 }, /no single suspect: 2 commits/],
    ['no suspect', { suspectCount: 0 }, /no commit is suspected/],
    [
      'a revert',
      {
        suspect: {
          ...suspect,
          message: 'Revert "Add a widget cache"\n\nThis reverts commit deadbeef.',
        },
      },
      /itself a revert/,
    ],
    ['already reverted', { revertedBy: 'd'.repeat(40) }, /already reverted by ddddddd/],
    [
      'older than 24 h',
      { suspect: { ...suspect, committedAt: NOW - MAX_REVERT_AGE_MS - 1 } },
      /more than 24 h old/,
    ],
    [
      'exactly 24 h is still allowed',
      { suspect: { ...suspect, committedAt: NOW - MAX_REVERT_AGE_MS } },
      undefined,
    ],
    ['no pull request', { suspectCount: 1 }, /without a pull request/],
  ];
  it.each(cases)('%s', (_name, change, expected) => {
    const merged = { ...good, ...change };
    const { pull: _none, ...withoutPull } = merged;
    const facts: RevertFacts = _name === 'no pull request' ? withoutPull : merged;
    const refusal = revertRefusal(facts, NOW);
    if (expected === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toMatch(expected);
  });

  it('tells reverts by their message', () => {
    expect(isRevertMessage('Revert "Add a widget cache" (#14)')).toBe(true);
    expect(isRevertMessage('Fix\n\nThis reverts commit 0123456789abcdef.')).toBe(true);
    expect(isRevertMessage('Reverting to the old parser is not this')).toBe(false);
  });
});
