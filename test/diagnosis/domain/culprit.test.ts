import { describe, expect, it } from 'vitest';
import { shortSha, suspects } from '../../../src/diagnosis/domain/culprit.js';
import { recordFlake } from '../../../src/diagnosis/domain/flake-history.js';

const commit = (n: number) => ({
  sha: `${n}`.padStart(40, '0'),
  title: `change ${n}`,
  authorName: `dev${n}`,
});

describe('suspects', () => {
  it('lists the range newest first and counts what it leaves out', () => {
    const range = [1, 2, 3, 4, 5].map(commit);
    expect(suspects(range, 3)).toEqual({ commits: [commit(5), commit(4), commit(3)], omitted: 2 });
    expect(suspects(range, 10)).toEqual({ commits: [5, 4, 3, 2, 1].map(commit), omitted: 0 });
    expect(suspects([], 3)).toEqual({ commits: [], omitted: 0 });
  });

  it('counts the commits GitHub was not asked for as omitted when the range is only its newest part', () => {
    const newest = [298, 299, 300].map(commit);
    expect(suspects(newest, 2, 300)).toEqual({ commits: [commit(300), commit(299)], omitted: 298 });
    expect(suspects(newest, 25, 300)).toEqual({ commits: [300, 299, 298].map(commit), omitted: 297 });
    expect(suspects([], 25, 0)).toEqual({ commits: [], omitted: 0 });
  });

  it('short SHAs are seven characters', () => {
    expect(shortSha('abcdef0123456789')).toBe('abcdef0');
  });
});

describe('recordFlake', () => {
  const hour = 3_600_000;
  it('the third flake within a day is repeated; older ones are forgotten', () => {
    expect(recordFlake([], 0)).toEqual({ flakes: [0], repeated: false });
    expect(recordFlake([0], hour)).toEqual({ flakes: [0, hour], repeated: false });
    expect(recordFlake([0, hour], 2 * hour)).toEqual({ flakes: [0, hour, 2 * hour], repeated: true });
    expect(recordFlake([0, hour], 25 * hour)).toEqual({ flakes: [25 * hour], repeated: false });
  });
});
