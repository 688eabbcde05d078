import { describe, expect, it } from 'vitest';
import { mayOpen } from '../../../src/ci/domain/may-open.js';
import { MAX_REFUSALS_KEPT, noteRefusal } from '../../../src/ci/domain/note-refusal.js';
import {
  FIX_STRATEGIES,
  type FixPlan,
  type FixStrategy,
  type FixTask,
  type FixTaskState,
  openFixTask,
} from '../../../src/fix-tasks/domain/fix-task.js';
import {
  DEFAULT_FIX_TASK_LIMITS,
  dueTimeout,
  expiresAt,
} from '../../../src/fix-tasks/domain/fix-task-deadline.js';
import {
  FIX_TASK_EVENT_TYPES,
  type FixTaskEvent,
  type FixTaskEventType,
} from '../../../src/fix-tasks/domain/fix-task-event.js';
import {
  FIX_TASK_STATES,
  FIX_TASK_TRANSITIONS,
  isOpen,
  isTerminal,
  nextStates,
} from '../../../src/fix-tasks/domain/fix-task-lifecycle.js';
import { movedOn, transition } from '../../../src/fix-tasks/domain/fix-task-transition.js';

const T0 = Date.UTC(2026, 10, 20, 10, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const APPROVER = 'U0APPROVER';
const RUN = { id: 4242, attempt: 1, url: 'https://github.com/acme/widgets/actions/runs/4242' };
const HEAD = 'b'.repeat(40);
const PR = { number: 17, url: 'https://github.com/acme/widgets/pull/17' };
const REVERT_PR = { number: 18, url: 'https://github.com/acme/widgets/pull/18' };
const ISSUE = { number: 9, url: 'https://github.com/acme/widgets/issues/9' };
const MERGE_SHA = 'c'.repeat(40);

const PLANS: { readonly [S in FixStrategy]: Extract<FixPlan, { strategy: S }> } = {
  rerun: { strategy: 'rerun', run: RUN, headSha: HEAD },
  revert: { strategy: 'revert', run: RUN, headSha: HEAD, commit: HEAD, pull: { number: 12, url: 'u' } },
  dispatch: { strategy: 'dispatch', run: RUN, headSha: HEAD, workflow: 'overseer-fix.yml' },
  issue: { strategy: 'issue', run: RUN, headSha: HEAD, assignee: 'agent-bot' },
};

function newTask(strategy: FixStrategy, now = T0): FixTask {
  return openFixTask({
    id: 'task-1',
    incidentId: 'acme/widgets:ci.yml:main#3',
    watch: { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' },
    plan: PLANS[strategy],
    now,
  });
}

/** A task of `strategy` that entered `state` at `entered`, several transitions into its life. */
function inState(strategy: FixStrategy, state: FixTaskState, entered = T0): FixTask {
  const task = newTask(strategy, T0);
  return { ...task, state, version: 7, at: { ...task.at, starting: T0, [state]: entered } };
}

/** One well-formed event of each type. */
const SAMPLE: { readonly [E in FixTaskEventType]: Extract<FixTaskEvent, { type: E }> } = {
  approve: { type: 'approve', by: APPROVER },
  dismiss: { type: 'dismiss', by: APPROVER, reason: 'we fix it by hand' },
  recovered: { type: 'recovered' },
  expire: { type: 'expire' },
  'remedy-started': { type: 'remedy-started', attempt: 2, issue: ISSUE },
  interrupted: { type: 'interrupted' },
  'pr-opened': { type: 'pr-opened', pr: PR },
  'checks-passed': { type: 'checks-passed' },
  'merge-requested': { type: 'merge-requested' },
  merged: { type: 'merged', sha: MERGE_SHA, by: APPROVER },
  verified: { type: 'verified' },
  regressed: { type: 'regressed' },
  reverted: { type: 'reverted', pr: REVERT_PR },
  failed: { type: 'failed', reason: 'GitHub answered 403: the token lacks actions:write' },
};

const WITH_PR: readonly FixStrategy[] = ['revert', 'dispatch', 'issue'];

/** The lifecycle as the issue states it, written out by hand: the table must say exactly this. */
const SPEC: ReadonlyArray<
  readonly [FixTaskState, FixTaskEventType, FixTaskState, (readonly FixStrategy[])?]
> = [
  ['pending', 'approve', 'starting'],
  ['starting', 'interrupted', 'pending', ['rerun']],
  ['pending', 'dismiss', 'dismissed'],
  ['pending', 'recovered', 'obsolete'],
  ['pending', 'expire', 'expired'],
  ['pending', 'failed', 'failed'],
  ['starting', 'remedy-started', 'running'],
  ['starting', 'failed', 'failed'],
  ['running', 'pr-opened', 'pr_open', WITH_PR],
  ['running', 'verified', 'verified', ['rerun']],
  // CI went green by itself before the remedy started (issue 15): nothing left to fix.
  ['running', 'recovered', 'obsolete'],
  ['running', 'failed', 'failed'],
  ['pr_open', 'checks-passed', 'checks_passed'],
  ['pr_open', 'merged', 'merged'],
  ['pr_open', 'failed', 'failed'],
  ['checks_passed', 'merge-requested', 'awaiting_merge_approval'],
  ['checks_passed', 'merged', 'merged'],
  ['checks_passed', 'failed', 'failed'],
  ['awaiting_merge_approval', 'merged', 'merged'],
  ['awaiting_merge_approval', 'dismiss', 'dismissed'],
  ['awaiting_merge_approval', 'expire', 'expired'],
  ['awaiting_merge_approval', 'failed', 'failed'],
  ['merged', 'verified', 'verified'],
  ['merged', 'regressed', 'regressed'],
  ['merged', 'failed', 'failed'],
  ['regressed', 'reverted', 'reverted'],
  ['regressed', 'failed', 'failed'],
];

function expectedTarget(strategy: FixStrategy, from: FixTaskState, type: FixTaskEventType) {
  const row = SPEC.find(([state, event]) => state === from && event === type);
  if (row === undefined) return undefined;
  const [, , to, only] = row;
  return only === undefined || only.includes(strategy) ? to : undefined;
}

describe('the lifecycle table', () => {
  it('lists every state and every event type exactly once', () => {
    const states: readonly FixTaskState[] = [
      'pending',
      'starting',
      'running',
      'pr_open',
      'checks_passed',
      'awaiting_merge_approval',
      'merged',
      'regressed',
      'verified',
      'reverted',
      'failed',
      'dismissed',
      'obsolete',
      'expired',
    ];
    expect([...FIX_TASK_STATES].sort()).toEqual([...states].sort());
    expect(new Set(FIX_TASK_EVENT_TYPES).size).toBe(Object.keys(SAMPLE).length);
    expect([...FIX_TASK_EVENT_TYPES].sort()).toEqual(Object.keys(SAMPLE).sort());
  });

  it('allows exactly the moves the issue describes', () => {
    const table: string[] = [];
    for (const [state, row] of Object.entries(FIX_TASK_TRANSITIONS)) {
      for (const [event, step] of Object.entries(row)) {
        const only = 'only' in step ? ` (${step.only.join(', ')})` : '';
        table.push(`${state} --${event}--> ${step.to}${only}`);
      }
    }
    const spec = SPEC.map(
      ([state, event, to, only]) => `${state} --${event}--> ${to}${only ? ` (${only.join(', ')})` : ''}`,
    );
    expect(table.sort()).toEqual(spec.sort());
  });

  it.each<[FixTaskState, boolean]>([
    ['pending', false],
    ['starting', false],
    ['running', false],
    ['pr_open', false],
    ['checks_passed', false],
    ['awaiting_merge_approval', false],
    ['merged', false],
    ['regressed', false],
    ['verified', true],
    ['reverted', true],
    ['failed', true],
    ['dismissed', true],
    ['obsolete', true],
    ['expired', true],
  ])('%s is terminal: %s', (state, terminal) => {
    expect(isTerminal(state)).toBe(terminal);
    expect(isOpen({ state })).toBe(!terminal);
  });

  it.each<[FixTaskState, FixStrategy, FixTaskState[]]>([
    ['pending', 'rerun', ['starting', 'dismissed', 'obsolete', 'expired', 'failed']],
    ['running', 'rerun', ['verified', 'obsolete', 'failed']],
    ['running', 'revert', ['pr_open', 'obsolete', 'failed']],
    ['awaiting_merge_approval', 'dispatch', ['merged', 'dismissed', 'expired', 'failed']],
    ['regressed', 'issue', ['reverted', 'failed']],
    ['verified', 'rerun', []],
  ])('from %s a %s task may go to %j', (state, strategy, next) => {
    expect(nextStates(state, strategy).sort()).toEqual([...next].sort());
  });
});

describe('transition: the full state x event matrix, for every strategy', () => {
  const NOW = T0 + 5 * MIN;
  const cells = FIX_STRATEGIES.flatMap((strategy) =>
    FIX_TASK_STATES.flatMap((state) =>
      FIX_TASK_EVENT_TYPES.map(
        (type) => [strategy, state, type, expectedTarget(strategy, state, type)] as const,
      ),
    ),
  );

  it('covers 4 strategies x 14 states x 14 events', () => {
    expect(cells).toHaveLength(4 * 14 * 14);
  });

  it.each(cells)('%s task at %s, event %s -> %s', (strategy, state, type, to) => {
    const task = inState(strategy, state);
    const before = structuredClone(task);
    const event = SAMPLE[type];
    const result = transition(task, event, NOW);
    expect(task).toEqual(before);

    if (to === undefined) {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason).toMatch(/\w/);
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.task.state).toBe(to);
    expect(result.task.version).toBe(task.version + 1);
    expect(result.task.at[to]).toBe(NOW);
    expect(result.task.audit).toHaveLength(task.audit.length + 1);
    expect(result.task.audit.slice(0, -1)).toEqual(task.audit);
    expect(result.task.audit.at(-1)).toEqual({
      at: NOW,
      actor: 'by' in event && event.by !== undefined ? event.by : 'overseer',
      action: type,
      from: state,
      to,
      outcome: 'done',
      ...('reason' in event ? { reason: event.reason } : {}),
    });
  });
});

describe('transition: refusals say why', () => {
  it.each<[string, FixTask, FixTaskEvent, string]>([
    [
      'a second approval of a started task',
      inState('rerun', 'running'),
      SAMPLE.approve,
      'this task has moved on: it is running',
    ],
    [
      'a dismissal after the task was dismissed',
      inState('revert', 'dismissed'),
      SAMPLE.dismiss,
      'this task has moved on: it is dismissed',
    ],
    [
      'an approval after CI recovered',
      inState('revert', 'obsolete'),
      SAMPLE.approve,
      'this task has moved on: it is obsolete: CI recovered by itself',
    ],
    [
      'a merge approval before checks passed, seen through its stale button',
      inState('dispatch', 'pr_open'),
      SAMPLE['merge-requested'],
      "this task has moved on: it is waiting for its pull request's checks",
    ],
    ['a PR on a rerun', inState('rerun', 'running'), SAMPLE['pr-opened'], 'a rerun opens no pull request'],
    [
      'green before the merge of a PR strategy',
      inState('issue', 'running'),
      SAMPLE.verified,
      'a fix with a pull request is verified only after its merge',
    ],
    [
      'an approval naming nobody',
      newTask('rerun'),
      { type: 'approve', by: '' },
      'an approval must name the approver',
    ],
    [
      'a dismissal naming nobody',
      newTask('rerun'),
      { type: 'dismiss', by: ' ', reason: 'no' },
      'a dismissal must name who dismissed',
    ],
    [
      'a dismissal without a reason',
      newTask('rerun'),
      { type: 'dismiss', by: APPROVER, reason: '  ' },
      'a dismissal needs a reason',
    ],
    [
      'a started rerun without its attempt',
      inState('rerun', 'starting'),
      { type: 'remedy-started' },
      'a started re-run must name the attempt it created',
    ],
    [
      'a started rerun naming the failed attempt itself',
      inState('rerun', 'starting'),
      { type: 'remedy-started', attempt: 1 },
      'a started re-run must name the attempt it created',
    ],
    [
      'a started issue task without its issue',
      inState('issue', 'starting'),
      { type: 'remedy-started' },
      'a started issue task must name its issue',
    ],
    [
      'a PR without a number',
      inState('revert', 'running'),
      { type: 'pr-opened', pr: { number: 0, url: PR.url } },
      'a pull request needs its number and URL',
    ],
    [
      'a revert without a URL',
      inState('revert', 'regressed'),
      { type: 'reverted', pr: { number: 3, url: '' } },
      'a pull request needs its number and URL',
    ],
    [
      'a merge without its commit',
      inState('revert', 'awaiting_merge_approval'),
      { type: 'merged', sha: '' },
      'a merge must name its commit',
    ],
    [
      'a failure without a reason',
      inState('revert', 'running'),
      { type: 'failed', reason: '' },
      'a failure needs a reason',
    ],
  ])('%s', (_name, task, event, reason) => {
    expect(transition(task, event, T0)).toEqual({ ok: false, reason });
  });

  it('a revert or dispatch task starts without naming anything', () => {
    for (const strategy of ['revert', 'dispatch'] as const) {
      const result = transition(inState(strategy, 'starting'), { type: 'remedy-started' }, T0);
      expect(result.ok && result.task.state).toBe('running');
      expect(result.ok && result.task.refs).toEqual({});
    }
  });

  it('movedOn words the current state for a click on a stale message', () => {
    expect(movedOn({ state: 'awaiting_merge_approval' })).toBe(
      'this task has moved on: it is waiting for merge approval',
    );
  });

  it('a task in a state no version of Overseer wrote is corrupt, and throws', () => {
    const corrupt = { ...newTask('rerun'), state: 'paused' as FixTaskState };
    expect(() => transition(corrupt, SAMPLE.approve, T0)).toThrow(/"paused" is not a fix task state/);
  });
});

/** Applies events in order, failing the test at the first refusal; `now` moves a minute a step. */
function drive(task: FixTask, events: readonly FixTaskEvent[]): FixTask {
  let current = task;
  for (const [i, event] of events.entries()) {
    const result = transition(current, event, T0 + (i + 1) * MIN);
    if (!result.ok) throw new Error(`${event.type} refused at ${current.state}: ${result.reason}`);
    current = result.task;
  }
  return current;
}

describe('transition: what each path records', () => {
  it('a rerun: approved, re-run as attempt 2, verified when it turns green', () => {
    const task = drive(newTask('rerun'), [
      { type: 'approve', by: APPROVER },
      { type: 'remedy-started', attempt: 2 },
      { type: 'verified' },
    ]);
    expect(task).toMatchObject({
      state: 'verified',
      version: 4,
      approvedBy: APPROVER,
      refs: { rerunAttempt: 2 },
      at: { pending: T0, starting: T0 + MIN, running: T0 + 2 * MIN, verified: T0 + 3 * MIN },
    });
    expect(task.audit.map((entry) => `${entry.actor}: ${entry.from ?? '-'} -> ${entry.to}`)).toEqual([
      'overseer: - -> pending',
      `${APPROVER}: pending -> starting`,
      'overseer: starting -> running',
      'overseer: running -> verified',
    ]);
  });

  it('an issue task merged by an approver, then regressed and reverted, keeps every reference', () => {
    const task = drive(newTask('issue'), [
      { type: 'approve', by: APPROVER },
      { type: 'remedy-started', issue: ISSUE },
      { type: 'pr-opened', pr: PR },
      { type: 'checks-passed' },
      { type: 'merge-requested' },
      { type: 'merged', sha: MERGE_SHA, by: 'U0LEAD' },
      { type: 'regressed' },
      { type: 'reverted', pr: REVERT_PR },
    ]);
    expect(task).toMatchObject({
      state: 'reverted',
      version: 9,
      approvedBy: APPROVER,
      mergeApprovedBy: 'U0LEAD',
      refs: { issue: ISSUE, pr: PR, mergeSha: MERGE_SHA, revertPr: REVERT_PR },
    });
    expect(task.audit.map((entry) => entry.action)).toEqual([
      'open',
      'approve',
      'remedy-started',
      'pr-opened',
      'checks-passed',
      'merge-requested',
      'merged',
      'regressed',
      'reverted',
    ]);
  });

  it('a fix merged by hand on GitHub before Overseer asked is followed to verification, naming no approver', () => {
    const task = drive(newTask('dispatch'), [
      { type: 'approve', by: APPROVER },
      { type: 'remedy-started' },
      { type: 'pr-opened', pr: PR },
      { type: 'merged', sha: MERGE_SHA },
      { type: 'verified' },
    ]);
    expect(task.state).toBe('verified');
    expect(task.mergeApprovedBy).toBeUndefined();
    expect(task.refs.mergeSha).toBe(MERGE_SHA);
  });

  it('a dismissal records who and why; a failure records why', () => {
    const dismissed = drive(newTask('revert'), [{ type: 'dismiss', by: APPROVER, reason: 'wrong suspect' }]);
    expect(dismissed).toMatchObject({
      state: 'dismissed',
      dismissedBy: APPROVER,
      dismissReason: 'wrong suspect',
    });
    expect(dismissed.audit.at(-1)?.reason).toBe('wrong suspect');

    const failed = drive(newTask('revert'), [
      { type: 'approve', by: APPROVER },
      { type: 'failed', reason: 'the suspect is itself a revert' },
    ]);
    expect(failed).toMatchObject({ state: 'failed', failReason: 'the suspect is itself a revert' });
  });

  it('two approvals of one version: the second sees the task has moved on', () => {
    const task = newTask('rerun');
    const first = transition(task, { type: 'approve', by: APPROVER }, T0);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(transition(first.task, { type: 'approve', by: 'U0OTHER' }, T0)).toEqual({
      ok: false,
      reason: 'this task has moved on: it is starting',
    });
  });
});

describe('openFixTask and noteRefusal', () => {
  it('a new task is pending at version 1, its plan and strategy from the plan, opened by overseer', () => {
    const task = newTask('revert');
    expect(task).toMatchObject({ state: 'pending', version: 1, strategy: 'revert', plan: PLANS.revert });
    expect(task.createdAt).toBe(T0);
    expect(task.audit).toEqual([
      { at: T0, actor: 'overseer', action: 'open', to: 'pending', outcome: 'done' },
    ]);
  });

  it('a refused click goes to the audit log without touching state or version, so the buttons stay good', () => {
    const task = newTask('rerun');
    const noted = noteRefusal(
      task,
      { by: 'U0STRANGER', action: 'approve', reason: 'not an approver' },
      T0 + MIN,
    );
    expect(noted.state).toBe('pending');
    expect(noted.version).toBe(1);
    expect(noted.audit.at(-1)).toEqual({
      at: T0 + MIN,
      actor: 'U0STRANGER',
      action: 'approve',
      from: 'pending',
      to: 'pending',
      outcome: 'refused',
      reason: 'not an approver',
    });
    expect(transition(noted, SAMPLE.approve, T0 + 2 * MIN).ok).toBe(true);
  });
});

describe('deadlines, with a fake clock', () => {
  const limits = DEFAULT_FIX_TASK_LIMITS;
  const ENTERED = T0 + 10 * MIN;

  it.each<[string, FixTask, number, FixTaskEvent]>([
    ['a pending task expires a day after it opened', newTask('rerun'), T0 + 24 * HOUR, { type: 'expire' }],
    [
      'a merge nobody approves expires a day after Overseer asked',
      inState('revert', 'awaiting_merge_approval', ENTERED),
      ENTERED + 24 * HOUR,
      { type: 'expire' },
    ],
    [
      'a re-run not green an hour after approval fails',
      inState('rerun', 'running', ENTERED),
      T0 + HOUR,
      { type: 'failed', reason: 'the re-run did not turn green within 60 min' },
    ],
    [
      'a remedy stuck starting an hour after approval fails',
      inState('dispatch', 'starting'),
      T0 + HOUR,
      { type: 'failed', reason: 'no pull request appeared within 60 min' },
    ],
    [
      'a dispatch with no PR an hour after approval fails',
      inState('dispatch', 'running', ENTERED),
      T0 + HOUR,
      { type: 'failed', reason: 'no pull request appeared within 60 min' },
    ],
    [
      'a PR not green an hour after it opened fails',
      inState('issue', 'pr_open', ENTERED),
      ENTERED + HOUR,
      { type: 'failed', reason: "the pull request's checks did not pass within 60 min" },
    ],
    [
      'green checks never taken to the approvers fail after an hour',
      inState('issue', 'checks_passed', ENTERED),
      ENTERED + HOUR,
      { type: 'failed', reason: 'merge approval was not asked for within 60 min' },
    ],
    [
      'a merge CI never judges fails after an hour',
      inState('revert', 'merged', ENTERED),
      ENTERED + HOUR,
      { type: 'failed', reason: 'CI gave no verdict on the merge commit within 60 min' },
    ],
    [
      'a regression with no revert an hour on fails',
      inState('revert', 'regressed', ENTERED),
      ENTERED + HOUR,
      { type: 'failed', reason: 'no revert of the fix was opened within 60 min' },
    ],
  ])('%s', (_name, task, deadline, event) => {
    expect(expiresAt(task, limits)).toBe(deadline);
    expect(dueTimeout(task, deadline - 1, limits)).toBeUndefined();
    expect(dueTimeout(task, deadline, limits)).toEqual(event);
    expect(dueTimeout(task, deadline + HOUR, limits)).toEqual(event);
    expect(transition(task, event, deadline).ok).toBe(true);
  });

  it.each(['verified', 'reverted', 'failed', 'dismissed', 'obsolete', 'expired'] as const)(
    'a %s task has no deadline',
    (state) => {
      const task = inState('rerun', state);
      expect(expiresAt(task, limits)).toBeUndefined();
      expect(dueTimeout(task, T0 + 365 * 24 * HOUR, limits)).toBeUndefined();
    },
  );

  it('every open state has a deadline, so no stuck task holds a place under the caps', () => {
    for (const state of FIX_TASK_STATES.filter((s) => !isTerminal(s))) {
      expect(expiresAt(inState('revert', state), limits), state).toBeTypeOf('number');
    }
  });

  it('the limits are configurable', () => {
    const short = { decisionMs: 2 * HOUR, progressMs: 15 * MIN };
    expect(expiresAt(newTask('rerun'), short)).toBe(T0 + 2 * HOUR);
    expect(dueTimeout(inState('revert', 'pr_open', T0), T0 + 15 * MIN, short)).toEqual({
      type: 'failed',
      reason: "the pull request's checks did not pass within 15 min",
    });
  });
});

describe('mayOpen: the caps', () => {
  const caps = { maxPerCycle: 1, maxOpenTasks: 3 };
  it.each<[string, Parameters<typeof mayOpen>[0], ReturnType<typeof mayOpen>]>([
    ['room everywhere', { openTasks: 2, openedThisCycle: 0, incidentHasOpenTask: false }, { ok: true }],
    [
      'one open task per incident',
      { openTasks: 0, openedThisCycle: 0, incidentHasOpenTask: true },
      { ok: false, reason: 'this incident already has an open fix task' },
    ],
    [
      'at most maxOpenTasks open',
      { openTasks: 3, openedThisCycle: 0, incidentHasOpenTask: false },
      { ok: false, reason: '3 fix tasks open, the most allowed at once (maxOpenTasks 3)' },
    ],
    [
      'at most maxPerCycle opened in a cycle (the second red repo waits)',
      { openTasks: 1, openedThisCycle: 1, incidentHasOpenTask: false },
      { ok: false, reason: '1 fix task opened this cycle, the most allowed (maxPerCycle 1)' },
    ],
  ])('%s', (_name, counts, expected) => {
    expect(mayOpen(counts, caps)).toEqual(expected);
  });

  it('a cap of 0 opens nothing', () => {
    const none = { openTasks: 0, openedThisCycle: 0, incidentHasOpenTask: false };
    expect(mayOpen(none, { maxPerCycle: 0, maxOpenTasks: 3 }).ok).toBe(false);
    expect(mayOpen(none, { maxPerCycle: 1, maxOpenTasks: 0 }).ok).toBe(false);
  });
});

describe('noteRefusal keeps the audit log bounded', () => {
  it('keeps every transition and only the newest MAX_REFUSALS_KEPT refusals', () => {
    const opened = openFixTask({
      id: 'T-1',
      incidentId: 'acme/widgets:ci.yml:main#1',
      watch: { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' },
      plan: {
        strategy: 'rerun',
        run: { id: 1, attempt: 1, url: 'https://github.com/r' },
        headSha: 'a'.repeat(40),
      },
      now: 0,
    });
    let task = opened;
    for (let i = 1; i <= MAX_REFUSALS_KEPT + 30; i += 1) {
      task = noteRefusal(task, { by: `U0STRANGER${i}`, action: 'approve', reason: 'not an approver' }, i);
    }
    const approved = transition(task, { type: 'approve', by: 'U0LEAD' }, 1_000);
    if (!approved.ok) throw new Error(approved.reason);
    const refusals = approved.task.audit.filter((line) => line.outcome === 'refused');
    expect(refusals).toHaveLength(MAX_REFUSALS_KEPT);
    expect(refusals[0]?.actor).toBe('U0STRANGER31');
    expect(approved.task.audit.filter((line) => line.outcome === 'done').map((line) => line.action)).toEqual([
      'open',
      'approve',
    ]);
    expect(approved.task.version).toBe(opened.version + 1);
  });
});
