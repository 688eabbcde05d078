// The ecosystem rules, most specific first: the runner's own loss beats what the step printed;
// a test runner's or compiler's report wins over the install, memory and crash rules that also
// match its boilerplate.

import { dockerBuildRule } from './docker-build.js';
import { dotnetRule } from './dotnet.js';
import { eslintRule } from './eslint.js';
import type { ExcerptRule } from './excerpt-rule.js';
import { goRule } from './go.js';
import { gradleRule } from './gradle.js';
import { jestRule } from './jest.js';
import { killedRule } from './killed.js';
import { mavenRule } from './maven.js';
import { minitestRule } from './minitest.js';
import { mochaRule } from './mocha.js';
import { nodeErrorRule } from './node-error.js';
import { npmInstallRule } from './npm-install.js';
import { pytestRule } from './pytest.js';
import { pythonTracebackRule } from './python-traceback.js';
import { rspecRule } from './rspec.js';
import { runnerLostRule } from './runner-lost.js';
import { rustRule } from './rust.js';
import { tscRule } from './tsc.js';
import { vitestRule } from './vitest.js';

export const EXCERPT_RULES: readonly ExcerptRule[] = [
  runnerLostRule,
  vitestRule,
  jestRule,
  rspecRule,
  minitestRule,
  mochaRule,
  pytestRule,
  pythonTracebackRule,
  goRule,
  rustRule,
  mavenRule,
  gradleRule,
  dotnetRule,
  tscRule,
  eslintRule,
  dockerBuildRule,
  killedRule,
  npmInstallRule,
  nodeErrorRule,
];
