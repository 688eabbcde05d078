// The ecosystem rules, most specific first: a test runner's or compiler's own report wins over
// the install and crash rules that also match its boilerplate.

import { eslintRule } from './eslint.js';
import type { ExcerptRule } from './excerpt-rule.js';
import { jestRule } from './jest.js';
import { mochaRule } from './mocha.js';
import { nodeErrorRule } from './node-error.js';
import { npmInstallRule } from './npm-install.js';
import { tscRule } from './tsc.js';
import { vitestRule } from './vitest.js';

export const EXCERPT_RULES: readonly ExcerptRule[] = [
  vitestRule,
  jestRule,
  mochaRule,
  tscRule,
  eslintRule,
  npmInstallRule,
  nodeErrorRule,
];
