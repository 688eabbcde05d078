// Each ecosystem rule (Python, Go, Rust, JVM, Ruby, docker, memory kills, runner loss) on a small
// hand-made step output: the block it finds, and that it stays silent on output not its own.

import { dockerBuildRule } from '../../../../src/diagnosis/domain/excerpt-rules/docker-build.js';
import { dotnetRule } from '../../../../src/diagnosis/domain/excerpt-rules/dotnet.js';
import type {
  ExcerptBlock,
  ExcerptRule,
} from '../../../../src/diagnosis/domain/excerpt-rules/excerpt-rule.js';
import { goRule } from '../../../../src/diagnosis/domain/excerpt-rules/go.js';
import { gradleRule } from '../../../../src/diagnosis/domain/excerpt-rules/gradle.js';
import { killedRule } from '../../../../src/diagnosis/domain/excerpt-rules/killed.js';
import { mavenRule } from '../../../../src/diagnosis/domain/excerpt-rules/maven.js';
import { minitestRule } from '../../../../src/diagnosis/domain/excerpt-rules/minitest.js';
import { pytestRule } from '../../../../src/diagnosis/domain/excerpt-rules/pytest.js';
import { pythonTracebackRule } from '../../../../src/diagnosis/domain/excerpt-rules/python-traceback.js';
import { rspecRule } from '../../../../src/diagnosis/domain/excerpt-rules/rspec.js';
import { runnerLostRule } from '../../../../src/diagnosis/domain/excerpt-rules/runner-lost.js';
import { rustRule } from '../../../../src/diagnosis/domain/excerpt-rules/rust.js';
import { describeExcerptRules } from '../../../support/describe-excerpt-rules.js';

const cases: { rule: ExcerptRule; name: string; input: string[]; block: ExcerptBlock }[] = [
  {
    rule: pytestRule,
    name: "the E lines under the test's name, then its location",
    input: [
      '___________ test_total ___________',
      '    def test_total():',
      '>       assert total() == 3',
      'E       assert 4 == 3',
      '',
      'tests/test_cart.py:7: AssertionError',
      'FAILED tests/test_cart.py::test_total - assert 4 == 3',
      'FAILED tests/test_cart.py::test_empty - KeyError',
    ],
    block: {
      title: '____ test_total ____',
      lines: ['E       assert 4 == 3', 'tests/test_cart.py:7: AssertionError'],
      primary: 'assert 4 == 3',
      others: { noun: 'failing tests', names: ['tests/test_cart.py::test_empty'] },
    },
  },
  {
    rule: pythonTracebackRule,
    name: 'unittest: the FAIL line, the last frame and the exception',
    input: [
      'FAIL: test_home (pages.tests.HomeTests)',
      '----------------------------------------------------------------------',
      'Traceback (most recent call last):',
      '  File "/app/pages/tests.py", line 8, in test_home',
      '    self.assertEqual(response.status_code, 200)',
      'AssertionError: 404 != 200',
      '',
      'FAIL: test_about (pages.tests.AboutTests)',
    ],
    block: {
      title: 'FAIL: test_home (pages.tests.HomeTests)',
      lines: [
        '  File "/app/pages/tests.py", line 8, in test_home',
        '    self.assertEqual(response.status_code, 200)',
        'AssertionError: 404 != 200',
      ],
      primary: 'AssertionError: 404 != 200',
      others: { noun: 'failing tests', names: ['test_about (pages.tests.AboutTests)'] },
    },
  },
  {
    rule: goRule,
    name: 'a panic and the first frame of the code that panicked',
    input: [
      'ok  \texample.com/a\t0.01s',
      'panic: runtime error: index out of range [3] with length 3',
      '',
      'goroutine 7 [running]:',
      'testing.tRunner.func1.2({0x5, 0x6})',
      '\t/usr/local/go/src/testing/testing.go:1632 +0x1',
      'example.com/b.Parse(...)',
      '\t/work/b/parse.go:12 +0x1d',
      'FAIL\texample.com/b\t0.02s',
    ],
    block: {
      lines: [
        'panic: runtime error: index out of range [3] with length 3',
        'example.com/b.Parse(...)',
        '\t/work/b/parse.go:12 +0x1d',
      ],
      primary: 'panic: runtime error: index out of range [3] with length 3',
    },
  },
  {
    rule: goRule,
    name: "a failed test's own message under its name",
    input: [
      '=== RUN   TestSum',
      '    sum_test.go:9: got 4, want 3',
      '--- FAIL: TestSum (0.00s)',
      '--- FAIL: TestMax (0.00s)',
      'FAIL',
    ],
    block: {
      title: '--- FAIL: TestSum',
      lines: ['    sum_test.go:9: got 4, want 3'],
      primary: 'sum_test.go:9: got 4, want 3',
      others: { noun: 'failing tests', names: ['TestMax'] },
    },
  },
  {
    rule: goRule,
    name: 'a build failure under its package',
    input: ['# example.com/c', './c.go:5:2: undefined: fmt.Printx', 'FAIL\texample.com/c [build failed]'],
    block: {
      title: '# example.com/c',
      lines: ['./c.go:5:2: undefined: fmt.Printx'],
      primary: './c.go:5:2: undefined: fmt.Printx',
    },
  },
  {
    rule: rustRule,
    name: 'a compiler error with its location and the code it points at',
    input: [
      'error[E0308]: mismatched types',
      ' --> src/main.rs:4:18',
      '  |',
      '4 |     let x: u8 = "a";',
      '  |                  ^^^ expected `u8`',
      '',
      'error: could not compile `demo`',
    ],
    block: {
      lines: [
        'error[E0308]: mismatched types',
        ' --> src/main.rs:4:18',
        '  |',
        '4 |     let x: u8 = "a";',
        '  |                  ^^^ expected `u8`',
      ],
      primary: 'error[E0308]: mismatched types',
      others: { noun: 'errors', names: [] },
    },
  },
  {
    rule: mavenRule,
    name: "a JUnit 5 failure: the test, the assertion, the test's own frame",
    input: [
      '[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.1 s <<< FAILURE! -- in com.acme.CalcTest',
      '[ERROR] com.acme.CalcTest.adds -- Time elapsed: 0.01 s <<< FAILURE!',
      'org.opentest4j.AssertionFailedError: expected: <42> but was: <41>',
      '\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)',
      '\tat com.acme.CalcTest.adds(CalcTest.java:12)',
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on project calc',
      '[ERROR] -> [Help 1]',
    ],
    block: {
      title: 'com.acme.CalcTest.adds',
      lines: [
        'org.opentest4j.AssertionFailedError: expected: <42> but was: <41>',
        'at com.acme.CalcTest.adds(CalcTest.java:12)',
      ],
      primary: 'org.opentest4j.AssertionFailedError: expected: <42> but was: <41>',
      others: { noun: 'failing tests', names: [] },
    },
  },
  {
    rule: mavenRule,
    name: '`Failed to execute goal` when no test failed, without the [Help 1] advice',
    input: [
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-enforcer-plugin:3.4.1:enforce on project x: Some Enforcer rules have failed.',
      '[ERROR] -> [Help 1]',
    ],
    block: {
      lines: [
        'Failed to execute goal org.apache.maven.plugins:maven-enforcer-plugin:3.4.1:enforce on project x: Some Enforcer rules have failed.',
      ],
      primary:
        'Failed to execute goal org.apache.maven.plugins:maven-enforcer-plugin:3.4.1:enforce on project x: Some Enforcer rules have failed.',
    },
  },
  {
    rule: gradleRule,
    name: 'a failed test and the exception under it',
    input: [
      '> Task :test',
      'CalcTest > adds() FAILED',
      '    org.opentest4j.AssertionFailedError at CalcTest.java:12',
      'CalcTest > divides() FAILED',
      '2 tests completed, 2 failed',
      '> Task :test FAILED',
    ],
    block: {
      title: 'CalcTest > adds() FAILED',
      lines: ['    org.opentest4j.AssertionFailedError at CalcTest.java:12'],
      primary: 'org.opentest4j.AssertionFailedError at CalcTest.java:12',
      others: { noun: 'failing tests', names: ['CalcTest > divides()'] },
    },
  },
  {
    rule: rspecRule,
    name: 'Failure/Error, the expectation and the spec location',
    input: [
      'Failures:',
      '  1) Cart totals items',
      '     Failure/Error: expect(cart.total).to eq(3)',
      '',
      '       expected: 3',
      '            got: 4',
      '     # ./spec/cart_spec.rb:5:in `block (2 levels)`',
      'Failed examples:',
      'rspec ./spec/cart_spec.rb:4 # Cart totals items',
      'rspec ./spec/cart_spec.rb:9 # Cart empties',
    ],
    block: {
      title: '1) Cart totals items',
      lines: [
        '     Failure/Error: expect(cart.total).to eq(3)',
        '       expected: 3',
        '            got: 4',
        '     # ./spec/cart_spec.rb:5:in `block (2 levels)`',
      ],
      primary: 'expected: 3',
      others: { noun: 'failing tests', names: ['Cart empties'] },
    },
  },
  {
    rule: minitestRule,
    name: 'the first Failure: its test and message, the others by name',
    input: [
      '  1) Failure:',
      'CartTest#test_total [test/cart_test.rb:7]:',
      'Expected: 3',
      '  Actual: 4',
      '',
      '  2) Error:',
      'CartTest#test_empty:',
      'NoMethodError: undefined method `clear` for nil',
      '3 runs, 2 assertions, 1 failures, 1 errors, 0 skips',
    ],
    block: {
      title: 'CartTest#test_total [test/cart_test.rb:7]:',
      lines: ['Expected: 3', '  Actual: 4'],
      primary: 'Expected: 3',
      others: { noun: 'failing tests', names: ['CartTest#test_empty'] },
    },
  },
  {
    rule: dockerBuildRule,
    name: "the failing RUN's own error under BuildKit's prefix, then `failed to solve`",
    input: [
      '#6 [2/3] RUN apt-get install -y nope',
      '#6 0.412 E: Unable to locate package nope',
      '#6 ERROR: process "/bin/sh -c apt-get install -y nope" did not complete successfully: exit code: 100',
      '------',
      'ERROR: failed to solve: process "/bin/sh -c apt-get install -y nope" did not complete successfully: exit code: 100',
    ],
    block: {
      lines: [
        'E: Unable to locate package nope',
        'ERROR: failed to solve: process "/bin/sh -c apt-get install -y nope" did not complete successfully: exit code: 100',
      ],
      primary: 'E: Unable to locate package nope',
    },
  },
  {
    rule: killedRule,
    name: "bash's report of a process killed for memory",
    input: [
      '   Compiling big v0.1.0',
      '/home/runner/work/_temp/x.sh: line 1:  2345 Killed                  cargo build',
    ],
    block: {
      lines: ['/home/runner/work/_temp/x.sh: line 1:  2345 Killed                  cargo build'],
      primary: '/home/runner/work/_temp/x.sh: line 1:  2345 Killed                  cargo build',
    },
  },
  {
    rule: runnerLostRule,
    name: "the runner's shutdown, whatever the step printed",
    input: [
      'collecting ...',
      'The runner has received a shutdown signal. This can happen when the runner service is stopped.',
    ],
    block: {
      lines: [
        'The runner has received a shutdown signal. This can happen when the runner service is stopped.',
      ],
      primary:
        'The runner has received a shutdown signal. This can happen when the runner service is stopped.',
    },
  },
  {
    rule: dotnetRule,
    name: 'a failed VSTest test: its message and first frame, not the run summary; the others by name',
    input: [
      '  Failed Widgets.Tests.CartTests.Total [12 ms]',
      '  Error Message:',
      '   Assert.Equal() Failure',
      'Expected: 3',
      'Actual:   4',
      '  Stack Trace:',
      '     at Widgets.Tests.CartTests.Total() in /src/CartTests.cs:line 14',
      '     at Widgets.Tests.CartTests.Other() in /src/CartTests.cs:line 20',
      '  Failed Widgets.Tests.CartTests.Empty [3 ms]',
      'Failed!  - Failed:     2, Passed:    40, Skipped:     0, Total:    42',
    ],
    block: {
      lines: [
        'Failed Widgets.Tests.CartTests.Total [12 ms]',
        '   Assert.Equal() Failure',
        'Expected: 3',
        'Actual:   4',
        '     at Widgets.Tests.CartTests.Total() in /src/CartTests.cs:line 14',
      ],
      primary: 'Assert.Equal() Failure',
      others: { noun: 'failing tests', names: ['Widgets.Tests.CartTests.Empty'] },
    },
  },
  {
    rule: dotnetRule,
    name: 'a compiler error without the project path; the others by file and code',
    input: [
      "Program.cs(4,7): error CS0246: The type or namespace name 'Internal' could not be found [/src/app/app.csproj]",
      "Program.cs(9,1): error CS0103: The name 'x' does not exist in the current context [/src/app/app.csproj]",
      'The build failed. Fix the build errors and run again.',
    ],
    block: {
      lines: ["Program.cs(4,7): error CS0246: The type or namespace name 'Internal' could not be found"],
      primary: "Program.cs(4,7): error CS0246: The type or namespace name 'Internal' could not be found",
      others: { noun: 'errors', names: ['Program.cs(9,1) CS0103'] },
    },
  },
];

describeExcerptRules(cases);
