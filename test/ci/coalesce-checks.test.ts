import { describe, expect, it } from 'vitest';
import { coalesceChecks } from '../../src/ci/coalesce-checks.js';

describe('coalesceChecks', () => {
  it('a check that throws answers false to its callers, and the next request checks afresh', async () => {
    const calls: string[] = [];
    let fail = true;
    const checked = coalesceChecks(async (key: string) => {
      calls.push(key);
      if (fail) throw new Error('GitHub unreachable');
      return true;
    }, 1);
    expect(await checked('a')).toBe(false);
    fail = false;
    expect(await checked('a')).toBe(true);
    expect(calls).toEqual(['a', 'a']);
  });

  it('serves watches waiting for a slot in turn: a busy watch does not starve the others', async () => {
    const order: string[] = [];
    const checked = coalesceChecks(async (key: string) => {
      order.push(key);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return true;
    }, 1);
    const answers = [checked('a'), checked('a'), checked('b'), checked('a'), checked('c')];
    expect(await Promise.all(answers)).toEqual([true, true, true, true, true]);
    expect(order).toEqual(['a', 'b', 'c', 'a']);
  });
});
