import { describe, expect, it } from 'vitest';
import { describeEscalation } from '../../../src/escalation/domain/describe-escalation.js';
import {
  acknowledge,
  type EscalationState,
  markFired,
  openEscalation,
  resolve,
} from '../../../src/escalation/domain/escalation.js';
import type { EscalationPolicy } from '../../../src/escalation/domain/escalation-policy.js';
import { contractPolicy, HOUR, MIN, T0 } from './escalation-fixtures.js';

const open = (fired: string[], policy: EscalationPolicy = contractPolicy(1)): EscalationState =>
  fired.reduce(markFired, openEscalation(policy, T0));

describe('describeEscalation', () => {
  it.each<[string, EscalationState, number, string]>([
    ['at the opening', open(['r0s0']), 0, 'Not acknowledged · next: mention on-call in 15 min'],
    ['between steps', open(['r0s0', 'r0s1']), 18, 'Not acknowledged · next: DM to on-call in 12 min'],
    [
      'a step with two actions, a user by ID',
      open(['r0s0', 'r0s1', 'r0s2']),
      45,
      'Not acknowledged · next: mention @here and DM to <@U0MANAGER> in 15 min',
    ],
    ['a step due and not delivered yet', open(['r0s0']), 20, 'Not acknowledged · next: mention on-call now'],
    [
      'the next round, over an hour away',
      open(['r0s0', 'r0s1', 'r0s2', 'r0s3']),
      25,
      'Not acknowledged · next: post to the channel in 1h 5m',
    ],
    [
      'the schedule ran out',
      open(['r0s0', 'r0s1', 'r0s2', 'r0s3', 'r1s0', 'r1s1', 'r1s2', 'r1s3']),
      200,
      'Not acknowledged · no escalation steps left',
    ],
    [
      'the suspected authors and a list of users',
      open([], { steps: [{ afterMs: 5 * MIN, dm: 'author', mention: ['U0A', 'U0B'] }], repeat: 0 }),
      0,
      'Not acknowledged · next: mention <@U0A>, <@U0B> and DM to the suspected authors in 5 min',
    ],
    [
      'none set up: the default, only the channel post, has been made',
      open(['r0s0'], { steps: [{ afterMs: 0, notify: 'channel' }], repeat: 0 }),
      5,
      'Not acknowledged · no escalation set up: nobody is paged. Add steps under `escalation:` in overseer.yml to page people',
    ],
    [
      'none set up, repeated: still nobody to page',
      open(['r0s0', 'r1s0'], { steps: [{ afterMs: 0, notify: 'channel' }], repeat: 1 }),
      500,
      'Not acknowledged · no escalation set up: nobody is paged. Add steps under `escalation:` in overseer.yml to page people',
    ],
    [
      'mention the channel',
      open([], { steps: [{ afterMs: 0, mention: 'channel' }], repeat: 0 }),
      0,
      'Not acknowledged · next: mention the channel now',
    ],
    [
      'acknowledged',
      acknowledge(open(['r0s0']), 'U1', T0 + 3 * MIN),
      10,
      'Acknowledged by <@U1> 3 min after opening',
    ],
    [
      'acknowledged at once',
      acknowledge(open([]), 'U1', T0 + 20_000),
      10,
      'Acknowledged by <@U1> under a minute after opening',
    ],
    [
      'resolved without an acknowledgement',
      resolve(open(['r0s0', 'r0s1', 'r0s2']), T0 + 42 * MIN),
      50,
      'Not acknowledged · resolved 42 min after opening',
    ],
    [
      'acknowledged, then resolved',
      resolve(acknowledge(open(['r0s0']), 'U1', T0 + 3 * MIN), T0 + HOUR + 2 * MIN),
      70,
      'Acknowledged by <@U1> 3 min after opening · resolved 1h 2m after opening',
    ],
  ])('%s', (_name, state, minute, expected) => {
    expect(describeEscalation(state, T0 + minute * MIN)).toBe(expected);
  });

  it('names people as the caller asks, and falls back to a mention for the rest', () => {
    const names = { U0MANAGER: '@manager', U1: '@alice' };
    expect(describeEscalation(open(['r0s0', 'r0s1', 'r0s2']), T0 + 48 * MIN, names)).toBe(
      'Not acknowledged · next: mention @here and DM to @manager in 12 min',
    );
    expect(describeEscalation(acknowledge(open([]), 'U1', T0 + 3 * MIN), T0 + 5 * MIN, names)).toBe(
      'Acknowledged by @alice 3 min after opening',
    );
    expect(describeEscalation(acknowledge(open([]), 'U2', T0 + 3 * MIN), T0 + 5 * MIN, names)).toBe(
      'Acknowledged by <@U2> 3 min after opening',
    );
  });
});
