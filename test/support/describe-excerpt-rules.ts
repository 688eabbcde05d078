// The two checks every table of excerpt-rule cases runs: each case finds exactly its block, and
// each rule stays silent on output that is not its own.

import { describe, expect, it } from 'vitest';
import type { ExcerptBlock, ExcerptRule } from '../../src/diagnosis/domain/excerpt-rules/excerpt-rule.js';

export interface ExcerptRuleCase {
  readonly rule: ExcerptRule;
  readonly name: string;
  readonly input: string[];
  readonly block: ExcerptBlock;
}

/** Output no rule should claim: another tool's error and the runner's exit line. */
const PLAIN = [
  'Compiling…',
  'error: failed to solve: rpc error: code = Unknown',
  'done in 3s',
  'Process completed with exit code 1.',
];

export function describeExcerptRules(cases: readonly ExcerptRuleCase[]): void {
  describe('excerpt rules', () => {
    it.each(cases)('$rule.name: $name', ({ rule, input, block }) => {
      expect(rule.find(input)).toEqual(block);
    });

    it.each(cases.map(({ rule }) => rule).filter((rule, i, all) => all.indexOf(rule) === i))(
      '$name finds nothing in output that is not its own',
      (rule) => {
        expect(rule.find(PLAIN)).toBeUndefined();
      },
    );
  });
}
