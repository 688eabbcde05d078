import { describe, expect, it } from 'vitest';
import type { AckOutcome } from '../../src/incidents/acknowledge-incident.js';
import { REFUSAL_MEMORY_MS, rememberRefusals } from '../../src/incidents/remember-refusals.js';

/** The remembering acknowledge over one that answers `outcomes` in turn and counts its calls. */
function remembering(...outcomes: AckOutcome[]) {
  let now = 1_000_000;
  const calls: string[] = [];
  const acknowledge = rememberRefusals(
    async (id, user) => {
      calls.push(`${id} ${user}`);
      return outcomes[Math.min(calls.length, outcomes.length) - 1] ?? 'not-found';
    },
    () => now,
  );
  return {
    acknowledge,
    calls,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('rememberRefusals', () => {
  it('refuses a repeat of a successful acknowledgement from memory, as already acknowledged', async () => {
    const h = remembering('acknowledged');
    expect(await h.acknowledge('w#1', 'U0CAROL')).toBe('acknowledged');
    expect(await h.acknowledge('w#1', 'U0DAVE')).toBe('already-acknowledged');
    expect(h.calls).toEqual(['w#1 U0CAROL']);
  });

  it.each<AckOutcome>(['already-acknowledged', 'resolved'])(
    'answers a refusal (%s) from memory until REFUSAL_MEMORY_MS has passed, then asks again',
    async (refusal) => {
      const h = remembering(refusal, 'resolved');
      expect(await h.acknowledge('w#1', 'U0CAROL')).toBe(refusal);
      h.advance(REFUSAL_MEMORY_MS - 1);
      expect(await h.acknowledge('w#1', 'U0DAVE')).toBe(refusal);
      expect(h.calls).toHaveLength(1);
      h.advance(1);
      expect(await h.acknowledge('w#1', 'U0DAVE')).toBe('resolved');
      expect(h.calls).toEqual(['w#1 U0CAROL', 'w#1 U0DAVE']);
    },
  );

  it('remembers per incident, and never an incident it did not find', async () => {
    const h = remembering('not-found', 'acknowledged', 'acknowledged');
    expect(await h.acknowledge('w#1', 'U0CAROL')).toBe('not-found');
    expect(await h.acknowledge('w#1', 'U0CAROL')).toBe('acknowledged');
    expect(await h.acknowledge('w#2', 'U0CAROL')).toBe('acknowledged');
    expect(h.calls).toEqual(['w#1 U0CAROL', 'w#1 U0CAROL', 'w#2 U0CAROL']);
  });
});
