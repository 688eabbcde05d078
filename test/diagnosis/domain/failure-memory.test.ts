import { describe, expect, it } from 'vitest';
import {
  describeSeenBefore,
  emptyFailureMemory,
  type FailureMemory,
  MAX_SIGHTINGS,
  pruneFailureMemory,
  recordOutcome,
  recordSighting,
  seenBefore,
} from '../../../src/diagnosis/domain/failure-memory.js';

const DAY = 86_400_000;
const NOW = Date.parse('2024-11-28T12:00:00Z');
const fp = 'aaaaaaaaaaaaaaaa';

function memoryOf(...days: number[]): FailureMemory {
  let memory = emptyFailureMemory;
  for (const [i, ago] of days.entries()) {
    memory = recordSighting(memory, { fingerprint: fp, incidentId: `w#${i + 1}`, at: NOW - ago * DAY }, NOW);
  }
  return memory;
}

describe('seenBefore', () => {
  it('counts the sightings within 14 days and names the last one and how it ended', () => {
    let memory = memoryOf(20, 10, 5, 2);
    memory = recordOutcome(memory, 'w#4', { kind: 'flaky' }, Date.parse('2024-11-26T23:30:00Z'));
    expect(seenBefore(memory, fp, NOW)).toEqual({
      count: 3,
      lastIncidentId: 'w#4',
      at: Date.parse('2024-11-26T23:30:00Z'),
      lastOutcome: { kind: 'flaky' },
    });
  });

  it('leaves out the incident being opened and other fingerprints', () => {
    const memory = recordSighting(
      memoryOf(3),
      { fingerprint: 'other', incidentId: 'w#9', at: NOW - DAY },
      NOW,
    );
    expect(seenBefore(memory, fp, NOW, 'w#1')).toBeUndefined();
    expect(seenBefore(memory, fp, NOW)?.count).toBe(1);
    expect(seenBefore(memory, 'unknown', NOW)).toBeUndefined();
  });

  it('answers the sighting time when the last incident has no outcome yet', () => {
    expect(seenBefore(memoryOf(1), fp, NOW)).toEqual({ count: 1, lastIncidentId: 'w#1', at: NOW - DAY });
  });
});

describe('recordSighting and pruning', () => {
  it('records one sighting per fingerprint and incident', () => {
    const memory = memoryOf(1);
    const again = recordSighting(memory, { fingerprint: fp, incidentId: 'w#1', at: NOW }, NOW);
    expect(again.sightings).toHaveLength(1);
  });

  it('forgets sightings older than 30 days', () => {
    expect(pruneFailureMemory(memoryOf(31, 29), NOW).sightings.map((s) => s.incidentId)).toEqual(['w#2']);
  });

  it(`keeps at most ${MAX_SIGHTINGS} sightings, the newest`, () => {
    let memory = emptyFailureMemory;
    for (let i = 0; i < MAX_SIGHTINGS + 5; i += 1) {
      memory = recordSighting(memory, { fingerprint: fp, incidentId: `w#${i}`, at: NOW - DAY + i }, NOW);
    }
    expect(memory.sightings).toHaveLength(MAX_SIGHTINGS);
    expect(memory.sightings[0]?.incidentId).toBe('w#5');
  });
});

describe('describeSeenBefore', () => {
  const at = Date.parse('2024-11-21T23:59:00Z');
  it.each([
    [3, { kind: 'flaky' } as const, 'Seen 3 times in 14 days · last time resolved as flaky on Nov 21'],
    [
      1,
      { kind: 'recovered', sha: 'abc1234def5678' } as const,
      'Seen once in 14 days · last time fixed by `abc1234` on Nov 21',
    ],
    [
      2,
      { kind: 'fixed', taskId: 'T-7' } as const,
      'Seen twice in 14 days · last time fixed by task T-7 on Nov 21',
    ],
    [4, undefined, 'Seen 4 times in 14 days · last time seen on Nov 21'],
  ])('%i sightings, %o', (count, lastOutcome, sentence) => {
    expect(
      describeSeenBefore({ count, lastIncidentId: 'w#1', at, ...(lastOutcome ? { lastOutcome } : {}) }),
    ).toBe(sentence);
  });

  it('gives the date in UTC', () => {
    const lateOnThe1st = Date.parse('2024-12-01T23:30:00Z');
    expect(describeSeenBefore({ count: 1, lastIncidentId: 'x', at: lateOnThe1st })).toMatch(/on Dec 1$/);
  });
});
