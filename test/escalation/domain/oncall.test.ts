import { describe, expect, it } from 'vitest';
import type { StepTarget } from '../../../src/escalation/domain/escalation-policy.js';
import {
  type OnCall,
  type OnCallNow,
  type OnCallWho,
  onCallAt,
} from '../../../src/escalation/domain/oncall.js';
import { type Recipient, recipientsOf } from '../../../src/escalation/domain/step-recipients.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** A Monday, 09:00 UTC. */
const START = Date.parse('2026-11-02T09:00:00Z');
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const CAROL = 'U0CAROL';

const users = (...ids: string[]) => ({ kind: 'users', ids }) as const;
const daily: OnCall = { kind: 'rotation', users: [ALICE, BOB, CAROL], rotation: 'daily', start: START };
const weekly: OnCall = { kind: 'rotation', users: [ALICE, BOB, CAROL], rotation: 'weekly', start: START };

describe('onCallAt: rotations', () => {
  it.each<[string, OnCall, number, OnCallNow]>([
    [
      'daily, at start: the first',
      daily,
      START,
      { now: users(ALICE), next: { who: users(BOB), at: START + DAY } },
    ],
    [
      'daily, one millisecond before the first boundary',
      daily,
      START + DAY - 1,
      { now: users(ALICE), next: { who: users(BOB), at: START + DAY } },
    ],
    [
      'daily, exactly at the boundary: the next',
      daily,
      START + DAY,
      { now: users(BOB), next: { who: users(CAROL), at: START + 2 * DAY } },
    ],
    [
      'daily, after the last: back to the first',
      daily,
      START + 3 * DAY + 5 * HOUR,
      { now: users(ALICE), next: { who: users(BOB), at: START + 4 * DAY } },
    ],
    [
      'daily, before start: the cycle runs back, so the last is on call until start',
      daily,
      START - 1,
      { now: users(CAROL), next: { who: users(ALICE), at: START } },
    ],
    [
      'daily, exactly one day before start: a boundary too',
      daily,
      START - DAY,
      { now: users(CAROL), next: { who: users(ALICE), at: START } },
    ],
    [
      'daily, two days and a minute before start',
      daily,
      START - 2 * DAY - MIN,
      { now: users(ALICE), next: { who: users(BOB), at: START - 2 * DAY } },
    ],
    [
      'weekly, six days in: still the first',
      weekly,
      START + 6 * DAY,
      { now: users(ALICE), next: { who: users(BOB), at: START + WEEK } },
    ],
    [
      'weekly, exactly one week in',
      weekly,
      START + WEEK,
      { now: users(BOB), next: { who: users(CAROL), at: START + 2 * WEEK } },
    ],
    [
      'weekly, before start',
      weekly,
      START - 3 * DAY,
      { now: users(CAROL), next: { who: users(ALICE), at: START } },
    ],
  ])('%s', (_name, oncall, now, expected) => {
    expect(onCallAt(oncall, now)).toEqual(expected);
  });

  it('changes hands at the same UTC instant across a daylight-saving change', () => {
    // Europe moves its clocks on 2027-03-28; the boundary stays 09:00 UTC, a whole week apart.
    const spring: OnCall = {
      kind: 'rotation',
      users: [ALICE, BOB],
      rotation: 'weekly',
      start: Date.parse('2027-03-22T09:00:00Z'),
    };
    expect(onCallAt(spring, Date.parse('2027-03-29T08:59:59.999Z')).now).toEqual(users(ALICE));
    expect(onCallAt(spring, Date.parse('2027-03-29T09:00:00Z'))).toEqual({
      now: users(BOB),
      next: { who: users(ALICE), at: Date.parse('2027-04-05T09:00:00Z') },
    });
  });

  it('a rotation of one never changes hands; of none, nobody is on call', () => {
    expect(onCallAt({ ...daily, users: [ALICE] }, START + 10 * DAY)).toEqual({ now: users(ALICE) });
    expect(onCallAt({ ...daily, users: [] }, START)).toEqual({ now: users() });
  });
});

describe('onCallAt: lists and groups', () => {
  it('a fixed list is on call together, always', () => {
    const fixed: OnCall = { kind: 'users', users: [ALICE, BOB] };
    expect(onCallAt(fixed, START)).toEqual({ now: users(ALICE, BOB) });
    expect(onCallAt(fixed, START + 100 * WEEK)).toEqual({ now: users(ALICE, BOB) });
    expect(onCallAt({ kind: 'users', users: [] }, START)).toEqual({ now: users() });
  });

  it('a user group is named for the adapter to look up; Slack knows its members', () => {
    expect(onCallAt({ kind: 'usergroup', id: 'S0ONCALL' }, START)).toEqual({
      now: { kind: 'usergroup', id: 'S0ONCALL' },
    });
  });
});

describe('recipientsOf: whom a step target reaches', () => {
  const onCallUsers = users(ALICE);
  const group = { kind: 'usergroup', id: 'S0ONCALL' } as const;

  it.each<[string, StepTarget, OnCallWho, readonly string[], Recipient]>([
    ['the channel', 'channel', onCallUsers, [], { kind: 'channel' }],
    ['@here', 'here', onCallUsers, [], { kind: 'here' }],
    ['on-call, a person', 'oncall', onCallUsers, [], users(ALICE)],
    ['on-call, a user group: look up group S0ONCALL', 'oncall', group, [], group],
    ['on-call, nobody', 'oncall', users(), [], users()],
    ['the authors, each once', 'author', onCallUsers, [BOB, CAROL, BOB], users(BOB, CAROL)],
    ['the authors, none known in Slack', 'author', onCallUsers, [], users()],
    ['users by ID', [BOB, CAROL], group, [ALICE], users(BOB, CAROL)],
  ])('%s', (_name, target, oncall, authors, expected) => {
    expect(recipientsOf(target, { oncall, authors })).toEqual(expected);
  });
});
