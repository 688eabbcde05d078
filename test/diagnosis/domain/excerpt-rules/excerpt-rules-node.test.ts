// Each JavaScript and TypeScript tool rule on a small hand-made step output: the block it finds,
// and that it stays silent on output not its own.

import { eslintRule } from '../../../../src/diagnosis/domain/excerpt-rules/eslint.js';
import type {
  ExcerptBlock,
  ExcerptRule,
} from '../../../../src/diagnosis/domain/excerpt-rules/excerpt-rule.js';
import { jestRule } from '../../../../src/diagnosis/domain/excerpt-rules/jest.js';
import { mochaRule } from '../../../../src/diagnosis/domain/excerpt-rules/mocha.js';
import { nodeErrorRule } from '../../../../src/diagnosis/domain/excerpt-rules/node-error.js';
import { npmInstallRule } from '../../../../src/diagnosis/domain/excerpt-rules/npm-install.js';
import { tscRule } from '../../../../src/diagnosis/domain/excerpt-rules/tsc.js';
import { vitestRule } from '../../../../src/diagnosis/domain/excerpt-rules/vitest.js';
import { describeExcerptRules } from '../../../support/describe-excerpt-rules.js';

const cases: { rule: ExcerptRule; name: string; input: string[]; block: ExcerptBlock }[] = [
  {
    rule: jestRule,
    name: 'the first ● block without its code frame context, the other tests by name',
    input: [
      ' PASS  src/a.test.js',
      ' FAIL  src/sum.test.js',
      '  ● sum › adds',
      '',
      '    expect(received).toBe(expected) // Object.is equality',
      '',
      '    Expected: 3',
      '    Received: 4',
      '',
      '      1 | test("adds", () => {',
      '    > 2 |   expect(sum(1, 2)).toBe(3);',
      '        |                     ^',
      '',
      '      at Object.<anonymous> (src/sum.test.js:2:21)',
      '',
      '  ● sum › subtracts',
      '',
      'Tests:       2 failed, 3 passed, 5 total',
    ],
    block: {
      title: '● sum › adds',
      lines: [
        '    expect(received).toBe(expected) // Object.is equality',
        '    Expected: 3',
        '    Received: 4',
        '    > 2 |   expect(sum(1, 2)).toBe(3);',
        '      at Object.<anonymous> (src/sum.test.js:2:21)',
      ],
      primary: 'expect(received).toBe(expected) // Object.is equality',
      others: { noun: 'failing tests', names: ['sum › subtracts'] },
    },
  },
  {
    rule: vitestRule,
    name: 'the FAIL block under Failed Tests, not the × progress line or the summary',
    input: [
      ' ❯ src/a.test.ts (2 tests | 1 failed)',
      '   × rounds 3ms',
      '⎯⎯⎯ Failed Tests 1 ⎯⎯⎯',
      ' FAIL  src/a.test.ts > math > rounds',
      'AssertionError: expected 2 to be 3 // Object.is equality',
      ' ❯ src/a.test.ts:4:17',
      '⎯⎯⎯[1/1]⎯',
      ' Test Files  1 failed (1)',
    ],
    block: {
      title: 'FAIL  src/a.test.ts > math > rounds',
      lines: ['AssertionError: expected 2 to be 3 // Object.is equality', ' ❯ src/a.test.ts:4:17'],
      primary: 'AssertionError: expected 2 to be 3 // Object.is equality',
      others: { noun: 'failing tests', names: [] },
    },
  },
  {
    rule: mochaRule,
    name: 'the numbered failure that has an error under it, not the one in the progress tree',
    input: [
      '  Cart',
      '    1) totals',
      '  1 passing (4ms)',
      '  2 failing',
      '  1) Cart',
      '       totals:',
      '     AssertionError: expected 3 to equal 4',
      '      at Context.<anonymous> (test/cart.js:9:20)',
      '  2) Cart empties:',
      '     Error: Timeout of 2000ms exceeded.',
    ],
    block: {
      title: '1) Cart totals',
      lines: [
        '     AssertionError: expected 3 to equal 4',
        '      at Context.<anonymous> (test/cart.js:9:20)',
      ],
      primary: 'AssertionError: expected 3 to equal 4',
      others: { noun: 'failing tests', names: ['Cart empties'] },
    },
  },
  {
    rule: tscRule,
    name: 'the first compiler error with its message chain, the others by location',
    input: [
      "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      "  Type 'x' is not assignable to type 'y'.",
      "src/b.ts:9:1 - error TS2304: Cannot find name 'foo'.",
      'Found 2 errors in 2 files.',
    ],
    block: {
      lines: [
        "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
        "  Type 'x' is not assignable to type 'y'.",
      ],
      primary: "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      others: { noun: 'errors', names: ['src/b.ts:9:1 TS2304'] },
    },
  },
  {
    rule: eslintRule,
    name: 'the file and its errors, warnings skipped, other files counted',
    input: [
      '/repo/src/a.js',
      '  1:1  warning  Unexpected console statement  no-console',
      "  2:8  error    'x' is defined but never used  no-unused-vars",
      '/repo/src/b.js',
      '  4:2  error  Missing semicolon  semi',
      '✖ 3 problems (2 errors, 1 warning)',
    ],
    block: {
      title: '/repo/src/a.js',
      lines: ["  2:8  error    'x' is defined but never used  no-unused-vars"],
      primary: "2:8  error    'x' is defined but never used  no-unused-vars",
      others: { noun: 'errors', names: ['/repo/src/b.js 4:2'] },
    },
  },
  {
    rule: npmInstallRule,
    name: "npm's own reason, not the boilerplate around it",
    input: [
      'npm ERR! code E404',
      'npm ERR! 404 Not Found - GET https://registry.npmjs.org/nope',
      'npm ERR! ',
      'npm ERR! A complete log of this run can be found in:',
    ],
    block: {
      lines: ['npm ERR! code E404', 'npm ERR! 404 Not Found - GET https://registry.npmjs.org/nope'],
      primary: 'npm ERR! code E404',
    },
  },
  {
    rule: npmInstallRule,
    name: "pnpm's ERR_PNPM line and its explanation",
    input: [
      ' ERR_PNPM_NO_MATCHING_VERSION  No matching version found for left-pad@9',
      '',
      'The latest release is 1.3.0',
    ],
    block: {
      lines: [
        ' ERR_PNPM_NO_MATCHING_VERSION  No matching version found for left-pad@9',
        'The latest release is 1.3.0',
      ],
      primary: 'ERR_PNPM_NO_MATCHING_VERSION  No matching version found for left-pad@9',
    },
  },
  {
    rule: nodeErrorRule,
    name: 'a crash: the error and its first frame outside node_modules',
    input: [
      'TypeError: x is not a function',
      '    at f (/repo/node_modules/lib/a.js:1:1)',
      '    at main (/repo/src/cli.js:9:3)',
    ],
    block: {
      lines: ['TypeError: x is not a function', '    at main (/repo/src/cli.js:9:3)'],
      primary: 'TypeError: x is not a function',
    },
  },
];

describeExcerptRules(cases);
