import type { FixStrategy, FixTask, FixTaskState } from './fix-task.js';
import type { FixTaskEventType } from './fix-task-event.js';

/** One allowed move: the state an event leads to, for every strategy unless `only` narrows it. */
export interface FixTaskStep {
  readonly to: FixTaskState;
  readonly only?: readonly FixStrategy[];
  /** Why the move is refused to the other strategies. */
  readonly otherwise?: string;
}

const WITH_PR = ['revert', 'dispatch', 'issue'] as const satisfies readonly FixStrategy[];
const FAIL = { to: 'failed' } as const;

/**
 * The whole lifecycle: per state, the events it accepts and where each leads. Anything not listed
 * is refused. A rerun has no pull request: it goes running -> verified when the re-run turns
 * green. The others go running -> pr_open -> checks_passed -> awaiting_merge_approval -> merged
 * -> verified | regressed -> reverted; a fix merged by hand on GitHub is followed from pr_open or
 * checks_passed too. Every state that is not terminal may fail with a reason.
 */
export const FIX_TASK_TRANSITIONS = {
  pending: {
    approve: { to: 'starting' },
    dismiss: { to: 'dismissed' },
    recovered: { to: 'obsolete' },
    expire: { to: 'expired' },
    failed: FAIL,
  },
  starting: {
    'remedy-started': { to: 'running' },
    interrupted: { to: 'pending', only: ['rerun'], otherwise: 'only a re-run can tell it never started' },
    failed: FAIL,
  },
  running: {
    'pr-opened': { to: 'pr_open', only: WITH_PR, otherwise: 'a rerun opens no pull request' },
    verified: {
      to: 'verified',
      only: ['rerun'],
      otherwise: 'a fix with a pull request is verified only after its merge',
    },
    // CI was green before the remedy started: it has nothing left to fix.
    recovered: { to: 'obsolete' },
    failed: FAIL,
  },
  pr_open: { 'checks-passed': { to: 'checks_passed' }, merged: { to: 'merged' }, failed: FAIL },
  checks_passed: {
    'merge-requested': { to: 'awaiting_merge_approval' },
    merged: { to: 'merged' },
    failed: FAIL,
  },
  awaiting_merge_approval: {
    merged: { to: 'merged' },
    dismiss: { to: 'dismissed' },
    expire: { to: 'expired' },
    failed: FAIL,
  },
  merged: { verified: { to: 'verified' }, regressed: { to: 'regressed' }, failed: FAIL },
  regressed: { reverted: { to: 'reverted' }, failed: FAIL },
  verified: {},
  reverted: {},
  failed: {},
  dismissed: {},
  obsolete: {},
  expired: {},
} as const satisfies { readonly [S in FixTaskState]: { readonly [E in FixTaskEventType]?: FixTaskStep } };

export const FIX_TASK_STATES = Object.keys(FIX_TASK_TRANSITIONS) as readonly FixTaskState[];

/** The step `type` takes from `state`, ignoring strategy; undefined when the table has none. */
export function stepFor(state: FixTaskState, type: FixTaskEventType): FixTaskStep | undefined {
  const row: { readonly [E in FixTaskEventType]?: FixTaskStep } | undefined = FIX_TASK_TRANSITIONS[state];
  if (row === undefined) throw new Error(`"${state}" is not a fix task state: the stored task is corrupt`);
  return row[type];
}

/** States a task of `strategy` may move to from `state`. */
export function nextStates(state: FixTaskState, strategy: FixStrategy): FixTaskState[] {
  const row: { readonly [E in FixTaskEventType]?: FixTaskStep } = FIX_TASK_TRANSITIONS[state];
  const next: FixTaskState[] = [];
  for (const step of Object.values(row)) {
    if (step.only !== undefined && !step.only.includes(strategy)) continue;
    if (!next.includes(step.to)) next.push(step.to);
  }
  return next;
}

/** A finished task: nothing moves it again. */
export function isTerminal(state: FixTaskState): boolean {
  return Object.keys(FIX_TASK_TRANSITIONS[state]).length === 0;
}

/** Not finished: counts against `maxOpenTasks` and the one-per-incident rule. */
export function isOpen(task: Pick<FixTask, 'state'>): boolean {
  return !isTerminal(task.state);
}
