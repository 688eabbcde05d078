import { describe, expect, it } from 'vitest';
import {
  acknowledge,
  dueSteps,
  type EscalationState,
  isCurrent,
  markFired,
  nextStep,
  openEscalation,
  resolve,
} from '../../../src/escalation/domain/escalation.js';
import {
  type EscalationPolicy,
  type EscalationStepSpec,
  freezePolicy,
  policyFor,
  type RepoPolicy,
} from '../../../src/escalation/domain/escalation-policy.js';
import { CONTRACT_SCHEDULE, contractPolicy, HOUR, MANAGER, MIN, T0 } from './escalation-fixtures.js';

const keys = (state: EscalationState, now: number) => dueSteps(state, now).map((step) => step.key);

/** Fires whatever is due at each time, as the use case would, and lists what fired when. */
function drive(state: EscalationState, minutes: readonly number[]) {
  const fired: string[][] = [];
  let current = state;
  for (const minute of minutes) {
    const due = dueSteps(current, T0 + minute * MIN);
    for (const step of due) current = markFired(current, step.key);
    fired.push(due.map((step) => step.key));
  }
  return { state: current, fired };
}

describe('freezePolicy', () => {
  it('turns each step into its actions, in the order post, mention, DM', () => {
    expect(freezePolicy(contractPolicy()).steps).toEqual([
      { afterMs: 0, actions: [{ via: 'post', to: 'channel' }] },
      { afterMs: 15 * MIN, actions: [{ via: 'mention', to: 'oncall' }] },
      { afterMs: 30 * MIN, actions: [{ via: 'dm', to: 'oncall' }] },
      {
        afterMs: 60 * MIN,
        actions: [
          { via: 'mention', to: 'here' },
          { via: 'dm', to: [MANAGER] },
        ],
      },
    ]);
  });

  it('orders the steps by their time, keeping the written order among equals', () => {
    const frozen = freezePolicy({
      steps: [
        { afterMs: 30 * MIN, dm: 'author' },
        { afterMs: 0, notify: 'channel' },
        { afterMs: 30 * MIN, mention: 'here' },
      ],
      repeat: 0,
    });
    expect(frozen.steps.map((step) => step.actions[0]?.to)).toEqual(['channel', 'author', 'here']);
  });

  // The repeat rule: round k starts k × roundMs after opening, and each step keeps its `after`
  // within the round. roundMs is the last step's `after` plus the gap between the last two steps
  // (no gap with one step), so the next round follows the rhythm the last steps set.
  it.each<[string, number[], number, number, number]>([
    ['the contract example: 60m + (60m − 30m)', [0, 15, 30, 60], 1, 90, 1],
    ['one step: every `after`', [15], 2, 15, 2],
    ['two steps', [0, 10], 3, 20, 3],
    ['the last two at the same time: no gap', [0, 30, 30], 1, 30, 1],
    ['everything at the opening: nothing to repeat on, so no repeat', [0, 0], 3, 0, 0],
    ['one step at the opening: no repeat', [0], 5, 0, 0],
    ['no steps at all', [], 2, 0, 0],
  ])('round length: %s', (_name, afters, repeat, roundMinutes, frozenRepeat) => {
    const steps: EscalationStepSpec[] = afters.map((after) => ({ afterMs: after * MIN, mention: 'oncall' }));
    const frozen = freezePolicy({ steps, repeat });
    expect(frozen.roundMs).toBe(roundMinutes * MIN);
    expect(frozen.repeat).toBe(frozenRepeat);
  });

  it('is a copy: changing the policy after an incident opened changes nothing in it', () => {
    const ids = [MANAGER];
    const steps: EscalationStepSpec[] = [
      { afterMs: 0, notify: 'channel' },
      { afterMs: 5 * MIN, dm: ids },
    ];
    const policy = { steps, repeat: 0 };
    const state = openEscalation(policy, T0);
    ids.push('U0INTRUDER');
    steps.push({ afterMs: MIN, mention: 'here' });
    policy.repeat = 4;
    expect(state.policy).toEqual({
      steps: [
        { afterMs: 0, actions: [{ via: 'post', to: 'channel' }] },
        { afterMs: 5 * MIN, actions: [{ via: 'dm', to: [MANAGER] }] },
      ],
      repeat: 0,
      roundMs: 10 * MIN,
    });
  });
});

describe('policyFor', () => {
  const global = contractPolicy(1);
  const quick: EscalationStepSpec[] = [{ afterMs: 0, mention: 'oncall' }];
  const repos: RepoPolicy[] = [
    { repo: 'acme/widgets', steps: quick },
    { repo: 'acme/*', repeat: 3 },
    { repo: 'globex/*', steps: quick, repeat: 0 },
  ];

  it.each<[string, string, EscalationPolicy]>([
    ['a repo with its own steps keeps the global repeat', 'acme/widgets', { steps: quick, repeat: 1 }],
    ['the first matching entry wins, without regard to case', 'ACME/Widgets', { steps: quick, repeat: 1 }],
    ['a glob with only a repeat keeps the global steps', 'acme/gadgets', { steps: global.steps, repeat: 3 }],
    ['both replaced', 'globex/api', { steps: quick, repeat: 0 }],
    ['no entry: the global policy', 'initech/tps', global],
  ])('%s', (_name, repo, expected) => {
    expect(policyFor(repo, global, repos)).toEqual(expected);
  });
});

describe('dueSteps: timing', () => {
  const state = openEscalation(contractPolicy(1), T0);

  it.each<[number, string[]]>([
    [-1, []],
    [0, ['r0s0']],
    [15 - 1 / MIN, ['r0s0']],
    [15, ['r0s0', 'r0s1']],
    [59, ['r0s0', 'r0s1', 'r0s2']],
    [89, ['r0s0', 'r0s1', 'r0s2', 'r0s3']],
    [90, ['r0s0', 'r0s1', 'r0s2', 'r0s3', 'r1s0']],
    [150, CONTRACT_SCHEDULE.map(([key]) => key)],
    [10_000, CONTRACT_SCHEDULE.map(([key]) => key)],
  ])('at %s min: %j (nothing fired yet, so everything owed is due)', (minute, expected) => {
    expect(keys(state, T0 + minute * MIN)).toEqual(expected);
  });

  it('each step is due at its time in its round, with the token that was current then', () => {
    const due = dueSteps(state, T0 + 10 * HOUR);
    expect(due.map((step) => [step.key, (step.at - T0) / MIN])).toEqual(CONTRACT_SCHEDULE);
    expect(due.map((step) => step.round)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(due[3]?.step).toEqual(state.policy.steps[3]);
    expect(new Set(due.map((step) => step.token))).toEqual(new Set([state.token]));
  });

  it('fires every step once, in order, as time passes', () => {
    const { fired } = drive(state, [0, 5, 15, 16, 45, 60, 90, 100, 120, 151, 500]);
    expect(fired).toEqual([
      ['r0s0'],
      [],
      ['r0s1'],
      [],
      ['r0s2'],
      ['r0s3'],
      ['r1s0'],
      [],
      ['r1s1', 'r1s2'],
      ['r1s3'],
      [],
    ]);
  });

  it('after a pause in checking (a restart), every step owed fires once', () => {
    const { fired } = drive(state, [0, 100, 100, 200]);
    expect(fired).toEqual([['r0s0'], ['r0s1', 'r0s2', 'r0s3', 'r1s0'], [], ['r1s1', 'r1s2', 'r1s3']]);
  });

  it('with repeat 0 there is one round', () => {
    expect(keys(openEscalation(contractPolicy(0), T0), T0 + 10 * HOUR)).toEqual([
      'r0s0',
      'r0s1',
      'r0s2',
      'r0s3',
    ]);
  });

  it('with repeat 2 a third round starts at 180 min', () => {
    const three = openEscalation(contractPolicy(2), T0);
    expect(keys(three, T0 + 180 * MIN).slice(-2)).toEqual(['r1s3', 'r2s0']);
    expect(keys(three, T0 + 10 * HOUR)).toHaveLength(12);
  });

  it('a single step repeats every `after`', () => {
    const single = openEscalation({ steps: [{ afterMs: 20 * MIN, dm: 'oncall' }], repeat: 2 }, T0);
    expect(dueSteps(single, T0 + HOUR).map((step) => [step.key, (step.at - T0) / MIN])).toEqual([
      ['r0s0', 20],
      ['r1s0', 40],
      ['r2s0', 60],
    ]);
  });
});

describe('markFired', () => {
  it('records a step once; marking it again changes nothing', () => {
    const state = openEscalation(contractPolicy(), T0);
    const once = markFired(state, 'r0s0');
    expect(once.fired).toEqual(['r0s0']);
    expect(markFired(once, 'r0s0')).toBe(once);
    expect(once.token).toBe(state.token);
  });
});

describe('acknowledge', () => {
  // Acknowledged one minute before, and exactly at, each step's time: everything before it (and
  // at "exactly", the step itself) has fired; nothing fires afterwards, however long it stays red.
  const cases = CONTRACT_SCHEDULE.flatMap(([key, minute], index) => [
    [`just before ${key}`, minute - 1, CONTRACT_SCHEDULE.slice(0, index).map(([k]) => k)] as const,
    [`just after ${key}`, minute, CONTRACT_SCHEDULE.slice(0, index + 1).map(([k]) => k)] as const,
  ]);

  it.each(cases)('%s: the steps before it fired, none after', (_name, minute, firedBefore) => {
    const { state } = drive(openEscalation(contractPolicy(1), T0), [minute]);
    expect(state.fired).toEqual(firedBefore);
    const acked = acknowledge(state, 'U0ALICE', T0 + minute * MIN);
    expect(acked.acknowledged).toEqual({ by: 'U0ALICE', at: T0 + minute * MIN });
    expect(dueSteps(acked, T0 + 100 * HOUR)).toEqual([]);
    expect(nextStep(acked, T0 + minute * MIN)).toBeUndefined();
    expect(acked.token).not.toBe(state.token);
  });

  it('the first acknowledgement stands; a second changes nothing', () => {
    const acked = acknowledge(openEscalation(contractPolicy(), T0), 'U0ALICE', T0 + MIN);
    expect(acknowledge(acked, 'U0BOB', T0 + 2 * MIN)).toBe(acked);
  });

  it('after the incident resolved there is nothing to acknowledge', () => {
    const resolved = resolve(openEscalation(contractPolicy(), T0), T0 + MIN);
    expect(acknowledge(resolved, 'U0ALICE', T0 + 2 * MIN)).toBe(resolved);
  });
});

describe('resolve', () => {
  it('stops every step and bumps the token', () => {
    const { state } = drive(openEscalation(contractPolicy(), T0), [20]);
    const resolved = resolve(state, T0 + 25 * MIN);
    expect(resolved.resolvedAt).toBe(T0 + 25 * MIN);
    expect(dueSteps(resolved, T0 + 100 * HOUR)).toEqual([]);
    expect(nextStep(resolved, T0)).toBeUndefined();
    expect(resolved.token).not.toBe(state.token);
  });

  it('after an acknowledgement it bumps the token again; a second resolve changes nothing', () => {
    const acked = acknowledge(openEscalation(contractPolicy(), T0), 'U0ALICE', T0 + MIN);
    const resolved = resolve(acked, T0 + 2 * MIN);
    expect(resolved.token).not.toBe(acked.token);
    expect(resolved.acknowledged).toEqual({ by: 'U0ALICE', at: T0 + MIN });
    expect(resolve(resolved, T0 + 3 * MIN)).toBe(resolved);
  });
});

describe('fencing tokens', () => {
  it('a step taken before an acknowledgement or resolution is stale after it', () => {
    const open = openEscalation(contractPolicy(), T0);
    const [step] = dueSteps(open, T0);
    if (step === undefined) throw new Error('the first step is due at the opening');
    expect(isCurrent(open, step.token)).toBe(true);
    expect(isCurrent(markFired(open, step.key), step.token)).toBe(true);
    const acked = acknowledge(open, 'U0ALICE', T0 + MIN);
    expect(isCurrent(acked, step.token)).toBe(false);
    expect(isCurrent(resolve(open, T0 + MIN), step.token)).toBe(false);
    expect(isCurrent(resolve(acked, T0 + 2 * MIN), acked.token)).toBe(false);
  });

  it('a new incident (a re-open) starts afresh: its policy, no steps fired, a token no earlier one had', () => {
    const first = drive(openEscalation(contractPolicy(1), T0), [45]).state;
    const firstTokens = [first.token, acknowledge(first, 'U0A', T0).token, resolve(first, T0).token];
    const later = T0 + 3 * HOUR;
    const quieter: EscalationPolicy = { steps: [{ afterMs: 10 * MIN, mention: 'oncall' }], repeat: 0 };
    const second = openEscalation(quieter, later);
    expect(second).toEqual({
      policy: freezePolicy(quieter),
      openedAt: later,
      token: second.token,
      fired: [],
    });
    for (const token of firstTokens) expect(isCurrent(second, token)).toBe(false);
    expect(keys(second, later + 10 * MIN)).toEqual(['r0s0']);
  });
});

describe('nextStep', () => {
  const state = openEscalation(contractPolicy(1), T0);

  it.each<[string, string[], number, [string, number] | undefined]>([
    ['at the opening, with the first step fired', ['r0s0'], 0, ['r0s1', 15]],
    ['the step after the ones due now', [], 20, ['r0s2', 30]],
    ['exactly at a step: the one after it', ['r0s0', 'r0s1'], 15, ['r0s2', 30]],
    ['across rounds', ['r0s0', 'r0s1', 'r0s2', 'r0s3'], 70, ['r1s0', 90]],
    ['a later step fired early (a barge-in) is passed over', ['r0s0', 'r0s1', 'r0s2'], 10, ['r0s3', 60]],
    ['after the last step: none', [], 150, undefined],
  ])('%s', (_name, fired, minute, expected) => {
    const marked = fired.reduce(markFired, state);
    const next = nextStep(marked, T0 + minute * MIN);
    expect(next && [next.key, (next.at - T0) / MIN]).toEqual(expected);
  });

  it('names the step itself', () => {
    expect(nextStep(state, T0)?.step).toEqual({
      afterMs: 15 * MIN,
      actions: [{ via: 'mention', to: 'oncall' }],
    });
  });
});
