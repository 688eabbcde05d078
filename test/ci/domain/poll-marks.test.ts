import { describe, expect, it } from 'vitest';
import { mergePollMarks, POLL_MARK_TTL_MS } from '../../../src/ci/domain/poll-marks.js';

const NOW = 1_800_000_000_000;

describe('poll marks shared by replicas', () => {
  it.each([
    ['a look only one side knows is kept', { a: { l: NOW - 5 } }, {}, { a: { l: NOW - 5 } }, false],
    [
      'a newer look of mine replaces the stored one',
      { a: { l: NOW - 9 } },
      { a: { l: NOW - 5 } },
      { a: { l: NOW - 5 } },
      true,
    ],
    [
      'an older look of mine leaves the stored one',
      { a: { l: NOW - 5 } },
      { a: { l: NOW - 9 } },
      { a: { l: NOW - 5 } },
      false,
    ],
    [
      'look and webhook merge field by field',
      { a: { l: NOW - 5 } },
      { a: { h: NOW - 7 } },
      { a: { l: NOW - 5, h: NOW - 7 } },
      true,
    ],
    ['a new watch of mine is added', {}, { b: { h: NOW - 1 } }, { b: { h: NOW - 1 } }, true],
    [
      'marks older than the time to live are dropped',
      { a: { l: NOW - POLL_MARK_TTL_MS - 1, h: NOW - 3 }, b: { l: NOW - POLL_MARK_TTL_MS - 1 } },
      {},
      { a: { h: NOW - 3 } },
      true,
    ],
  ])('%s', (_, stored, mine, marks, changed) => {
    expect(mergePollMarks(stored, mine, NOW)).toEqual({ marks, changed });
  });

  it('is the same in either order and when repeated', () => {
    const a = { x: { l: NOW - 5 }, y: { h: NOW - 2 } };
    const b = { x: { l: NOW - 3, h: NOW - 8 }, z: { l: NOW - 1 } };
    const ab = mergePollMarks(a, b, NOW).marks;
    expect(mergePollMarks(b, a, NOW).marks).toEqual(ab);
    expect(mergePollMarks(ab, b, NOW)).toEqual({ marks: ab, changed: false });
  });
});
