import { describe, expect, it } from 'vitest';
import { bargeIn } from '../../../src/escalation/domain/barge-in.js';
import {
  acknowledge,
  dueSteps,
  markFired,
  openEscalation,
  resolve,
} from '../../../src/escalation/domain/escalation.js';
import type { EscalationPolicy } from '../../../src/escalation/domain/escalation-policy.js';
import { CONTRACT_SCHEDULE, contractPolicy, MIN, T0 } from './escalation-fixtures.js';

const HERE = { via: 'mention', to: 'here' } as const;

/** The contract policy with the steps due by `minute` fired. */
function firedUntil(minute: number, repeat = 1) {
  let state = openEscalation(contractPolicy(repeat), T0);
  for (const step of dueSteps(state, T0 + minute * MIN)) state = markFired(state, step.key);
  return state;
}

describe('bargeIn', () => {
  it('at the opening, pages on-call at once: the mention and the DM, with @here added', () => {
    const state = firedUntil(0);
    const now = T0 + MIN;
    const barged = bargeIn(state, now);
    expect(barged.steps).toEqual([
      {
        key: 'r0s1',
        round: 0,
        at: now,
        token: state.token,
        step: { afterMs: 15 * MIN, actions: [{ via: 'mention', to: 'oncall' }, HERE] },
      },
      {
        key: 'r0s2',
        round: 0,
        at: now,
        token: state.token,
        step: { afterMs: 30 * MIN, actions: [{ via: 'dm', to: 'oncall' }] },
      },
    ]);
    expect(barged.state.fired).toEqual(['r0s0', 'r0s1', 'r0s2']);
    expect(barged.state.token).toBe(state.token);
  });

  it('skips only the waits for on-call and authors: the other steps keep their time', () => {
    const { state } = bargeIn(firedUntil(0), T0 + MIN);
    expect(dueSteps(state, T0 + 59 * MIN)).toEqual([]);
    expect(dueSteps(state, T0 + 60 * MIN).map((step) => step.key)).toEqual(['r0s3']);
  });

  it('once the round has paged on-call, pulls the next round forward', () => {
    const barged = bargeIn(firedUntil(70), T0 + 70 * MIN);
    expect(barged.steps.map((step) => [step.key, step.round, step.at])).toEqual([
      ['r1s1', 1, T0 + 70 * MIN],
      ['r1s2', 1, T0 + 70 * MIN],
    ]);
    // r1s0 (the reminder in the channel) stays at 90 min.
    expect(dueSteps(barged.state, T0 + 90 * MIN).map((step) => step.key)).toEqual(['r1s0']);
  });

  it('pages the suspected authors like on-call, and adds @here only where none is', () => {
    const policy: EscalationPolicy = {
      steps: [
        { afterMs: 0, notify: 'channel' },
        { afterMs: 20 * MIN, dm: 'author', mention: 'here' },
        { afterMs: 40 * MIN, mention: ['U0LEAD'] },
        { afterMs: 50 * MIN, mention: 'author' },
      ],
      repeat: 0,
    };
    const barged = bargeIn(openEscalation(policy, T0), T0);
    expect(barged.steps.map((step) => [step.key, step.step.actions])).toEqual([
      ['r0s1', [HERE, { via: 'dm', to: 'author' }]],
      ['r0s3', [{ via: 'mention', to: 'author' }]],
    ]);
  });

  it.each<[string, () => ReturnType<typeof openEscalation>, string[]]>([
    ['every step already fired', () => firedUntil(1000), ['b0']],
    [
      'a policy that never names on-call or an author',
      () => openEscalation({ steps: [{ afterMs: 0, notify: 'channel' }], repeat: 0 }, T0),
      ['b0'],
    ],
  ])('with nobody left to page early (%s), pages @here and on-call in the thread', (_name, make, keys) => {
    const state = make();
    const now = T0 + 1000 * MIN;
    const barged = bargeIn(state, now);
    expect(barged.steps).toEqual([
      {
        key: keys[0],
        round: state.policy.repeat,
        at: now,
        token: state.token,
        step: { afterMs: 1000 * MIN, actions: [HERE, { via: 'mention', to: 'oncall' }] },
      },
    ]);
    expect(bargeIn(barged.state, now + MIN).steps.map((step) => step.key)).toEqual(['b1']);
    expect(barged.state.fired).toEqual([...state.fired, 'b0']);
  });

  it('pages nobody once someone acknowledged or CI recovered', () => {
    const acked = acknowledge(firedUntil(0), 'U0ALICE', T0 + MIN);
    expect(bargeIn(acked, T0 + 2 * MIN)).toEqual({ state: acked, steps: [] });
    const resolved = resolve(firedUntil(0), T0 + MIN);
    expect(bargeIn(resolved, T0 + 2 * MIN).state).toBe(resolved);
  });

  it('fires each step of the schedule at most once, barged or due', () => {
    const { state } = bargeIn(firedUntil(0), T0 + MIN);
    const rest = dueSteps(state, T0 + 1000 * MIN).map((step) => step.key);
    expect([...state.fired, ...rest].sort()).toEqual(CONTRACT_SCHEDULE.map(([key]) => key).sort());
  });
});
