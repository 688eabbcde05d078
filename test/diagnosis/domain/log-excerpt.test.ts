import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  extractLogExcerpt,
  isGenericError,
  MAX_EXCERPT_CHARS,
  MAX_EXCERPT_LINES,
} from '../../../src/diagnosis/domain/log-excerpt.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/logs/${name}.txt`, import.meta.url), 'utf8');

// Real job-log excerpts; where each came from is in test/fixtures/logs/README.md.
const cases: {
  name: string;
  ecosystem: string;
  step?: string;
  kind: 'error' | 'context' | 'tail';
  primary: string;
  lines: string[];
}[] = [
  {
    name: 'vitest',
    // Issue 16: the failing test's own block (no `Test Files`/`Tests` summary lines any more).
    ecosystem: 'npm / vitest: the FAIL block under "Failed Tests", not the summary',
    step: 'Run npm run test:integration',
    kind: 'error',
    primary:
      "FAIL  packages/core/test/integration/cross-motion.test.ts > P5-01 cross-motion references > keeps a child pending when its cross-motion source is not mounted, then recovers independent of mount order · AssertionError: expected 'error' to be 'blocked' // Object.is equality",
    lines: [
      'FAIL  packages/core/test/integration/cross-motion.test.ts > P5-01 cross-motion references > keeps a child pending when its cross-motion source is not mounted, then recovers independent of mount order',
      "AssertionError: expected 'error' to be 'blocked' // Object.is equality",
      'Expected: "blocked"',
      'Received: "error"',
      ' ❯ packages/core/test/integration/cross-motion.test.ts:40:34',
    ],
  },
  {
    name: 'pytest',
    // Issue 16: the test's `E` lines under its name, not the summary and "exit code 1" after them.
    ecosystem: 'pytest: the failing test by name and its E lines, not the summary',
    kind: 'error',
    primary:
      '____ TestDataPersistence.test_decision_log_path_not_in_gitignore ____ · AssertionError: data/ is in .gitignore â decision log will be lost on every run',
    lines: [
      '____ TestDataPersistence.test_decision_log_path_not_in_gitignore ____',
      'E       AssertionError: data/ is in .gitignore â decision log will be lost on every run',
      "E       assert 'data/' not in '# Python\\n_...\\n.vscode/\\n'",
      'tests/test_priority_fixes.py:372: AssertionError',
    ],
  },
  {
    name: 'go-test',
    ecosystem: 'go test via make: passing packages and coverage left out',
    kind: 'context',
    primary:
      'FAIL: testdata/script/territorio-matriz.txtar:192: cronometra: el programa tardó el máximo o más: /tmp/kitlegal-e2e-2363664719/kitlegal ["territorio" "resolver" "Leganés" "--json"] tardó 235.378284ms y el máximo es 200ms',
    lines: [
      '            FAIL: testdata/script/territorio-matriz.txtar:192: cronometra: el programa tardó el máximo o más: /tmp/kitlegal-e2e-2363664719/kitlegal ["territorio" "resolver" "Leganés" "--json"] tardó 235.378284ms y el máximo es 200ms',
      'FAIL',
      'FAIL\tgithub.com/jmorenobl/kitlegal/internal/app\t10.920s',
      'FAIL',
      'make: *** [Makefile:73: test-integration] Error 1',
      'Process completed with exit code 2.',
    ],
  },
  {
    name: 'cargo-test',
    // Issue 16: the first panic in full (it was cut in half before), the other tests by name.
    ecosystem: 'Rust cargo test: the first panic with its test name, then the other failing tests',
    kind: 'error',
    primary:
      "---- test_log_file_contains_token_log stdout ---- · thread 'test_log_file_contains_token_log' (12567) panicked at tests/config.rs:66:41:",
    lines: [
      '---- test_log_file_contains_token_log stdout ----',
      "thread 'test_log_file_contains_token_log' (12567) panicked at tests/config.rs:66:41:",
      'called `Option::unwrap()` on a `None` value',
      '…and 2 more failing tests: test_log_file_is_in_logs_dir, test_log_file_returns_some',
    ],
  },
  {
    name: 'gradle',
    // Issue 16: the failed task, the first compiler error (the old excerpt began at the second),
    // the others by file and line; no task counts, "BUILD FAILED" or exit code.
    ecosystem: 'Gradle: the failed task and its first compiler error, then the others by location',
    step: 'Run ./gradlew assembleDebug',
    kind: 'error',
    primary:
      "> Task :app:compileDebugKotlin FAILED · e: file:///home/runner/work/lf-media-player/lf-media-player/app/src/main/java/com/byd/mediaplayer/MainActivity.kt:395:53 Operator '==' cannot be applied to 'Long' and 'Int'",
    lines: [
      '> Task :app:compileDebugKotlin FAILED',
      "e: file:///home/runner/work/lf-media-player/lf-media-player/app/src/main/java/com/byd/mediaplayer/MainActivity.kt:395:53 Operator '==' cannot be applied to 'Long' and 'Int'",
      '…and 2 more errors: MainActivity.kt:601:13, LrcParser.kt:87:26',
    ],
  },
  {
    name: 'runner-shutdown',
    ecosystem: "a runner lost mid-step: the runner's own message, not the step header before it",
    step: 'Checkout repository',
    kind: 'error',
    primary:
      'The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.',
    lines: [
      'The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.',
    ],
  },
  {
    name: 'timeout',
    ecosystem: 'a job killed at timeout-minutes: what it was doing, then the cancel',
    kind: 'context',
    primary: 'The operation was canceled.',
    lines: [
      '     Running tests/webhook_shutdown_unstarted_dlq_3979.rs (target/llvm-cov-target/debug/deps/webhook_shutdown_unstarted_dlq_3979-e5c350e3e14252c9)',
      'The operation was canceled.',
    ],
  },
  {
    name: 'cancelled',
    ecosystem: 'a cancelled step: its last output, nothing from the steps before',
    step: 'Run npm ci',
    kind: 'context',
    primary: 'The operation was canceled.',
    lines: ['added 643 packages in 4m', 'The operation was canceled.'],
  },
];

describe('extractLogExcerpt on real GitHub Actions logs', () => {
  it.each(cases)('$name: $ecosystem', ({ name, step, kind, primary, lines }) => {
    const excerpt = extractLogExcerpt(fixture(name), step);
    expect(excerpt).toEqual({ lines, primary, kind, cut: false });
  });
});

const at = (n: number): string => `2024-01-02T03:04:${String(n % 60).padStart(2, '0')}.1234567Z`;
const log = (...lines: string[]): string => lines.map((line, i) => `${at(i)} ${line}`).join('\n');

describe('extractLogExcerpt', () => {
  it('strips timestamps and ANSI colour codes', () => {
    const excerpt = extractLogExcerpt(log('\u001b[31mboom\u001b[0m', '##[error]\u001b[1mkaput\u001b[22m'));
    expect(excerpt?.lines).toEqual(['boom', 'kaput']);
  });

  it("looks only inside the failed step's section when its header is found", () => {
    const text = log(
      '##[group]Run lint',
      'npx biome check',
      '##[endgroup]',
      'lint warning that is not the failure',
      '##[group]Run tests',
      'npm test',
      '##[endgroup]',
      '##[error]Process completed with exit code 1.',
    );
    expect(extractLogExcerpt(text, 'tests')?.lines).toEqual(['Process completed with exit code 1.']);
    expect(extractLogExcerpt(text, 'Run tests')?.lines).toEqual(['Process completed with exit code 1.']);
    expect(extractLogExcerpt(text, 'unknown step')?.lines).toEqual([
      'lint warning that is not the failure',
      'Process completed with exit code 1.',
    ]);
  });

  it('prefers the first specific error over an earlier generic one', () => {
    const text = log('##[error]Process completed with exit code 1.', 'x', '##[error]Cannot find module foo');
    expect(extractLogExcerpt(text)?.primary).toBe('Cannot find module foo');
  });

  it('keeps three lines of context before a specific error', () => {
    const text = log('one', 'two', 'three', 'four', '##[error]broken');
    expect(extractLogExcerpt(text)?.lines).toEqual(['two', 'three', 'four', 'broken']);
  });

  it('answers the tail of the step when the log has no error (a runner that vanished)', () => {
    const lines = Array.from({ length: 15 }, (_, i) => `line ${i}`);
    const excerpt = extractLogExcerpt(log('##[group]Run build', 'make', '##[endgroup]', ...lines), 'build');
    expect(excerpt?.kind).toBe('tail');
    expect(excerpt?.lines).toEqual(lines.slice(5));
  });

  it('answers nothing for an empty log', () => {
    expect(extractLogExcerpt('')).toBeUndefined();
    expect(extractLogExcerpt(log('##[group]Set up job', '##[endgroup]'))).toBeUndefined();
  });

  it(`stays within ${MAX_EXCERPT_LINES} lines and ${MAX_EXCERPT_CHARS} characters`, () => {
    const long = 'x'.repeat(350);
    const text = log(
      ...Array.from({ length: 20 }, () => long),
      '##[error]Process completed with exit code 1.',
    );
    const excerpt = extractLogExcerpt(text);
    expect(excerpt?.lines.length).toBeLessThanOrEqual(MAX_EXCERPT_LINES);
    expect(excerpt?.lines.join('\n').length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(excerpt?.lines.at(-1)).toBe('Process completed with exit code 1.');
    expect(excerpt?.cut).toBe(true);
  });

  it('shortens a single huge error line', () => {
    const excerpt = extractLogExcerpt(log(`##[error]${'y'.repeat(5_000)}`));
    expect(excerpt?.lines).toHaveLength(1);
    expect(excerpt?.lines[0]?.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(excerpt?.lines[0]?.endsWith('…')).toBe(true);
  });

  it('masks secrets in every line and in the primary line', () => {
    const text = log(
      'curl -H "Authorization: Bearer abcdefghijklmnop1234"',
      '##[error]bad token ghp_0123456789abcdefghijABCDEFGHIJ',
    );
    const excerpt = extractLogExcerpt(text);
    expect(excerpt?.lines).toEqual(['curl -H "Authorization: Bearer ***"', 'bad token ***']);
    expect(excerpt?.primary).toBe('bad token ***');
  });
});

describe('extractLogExcerpt with an ecosystem rule', () => {
  const jest = (...tests: string[]): string =>
    log(
      '##[group]Run npm test',
      'npm test',
      '##[endgroup]',
      ' PASS  src/ok.test.js',
      '  ✓ passes (2 ms)',
      ...tests.flatMap((name, i) => [
        `  ● ${name}`,
        '',
        '    expect(received).toBe(expected)',
        '',
        `    Expected: ${i}`,
        `    Received: ${i + 1}`,
        '',
      ]),
      'Test Suites: 1 failed, 1 passed, 2 total',
      '##[error]Process completed with exit code 1.',
    );

  it('shows the first failing test in full and names the others, not the summary; the primary line names the test', () => {
    const excerpt = extractLogExcerpt(jest('a › one', 'a › two', 'b › three'), 'Run npm test');
    expect(excerpt).toEqual({
      lines: [
        '● a › one',
        'expect(received).toBe(expected)',
        'Expected: 0',
        'Received: 1',
        '…and 2 more failing tests: a › two, b › three',
      ],
      primary: '● a › one · expect(received).toBe(expected)',
      kind: 'error',
      cut: false,
    });
  });

  it(`keeps a block within ${MAX_EXCERPT_LINES} lines and ${MAX_EXCERPT_CHARS} characters, its first lines and the others`, () => {
    const long = Array.from({ length: 30 }, (_, i) => `    detail ${i} ${'z'.repeat(120)}`);
    const text = log(
      '  ● big › one',
      '    expect(received).toEqual(expected)',
      ...long,
      '  ● big › two',
      'Tests: 2 failed',
    );
    const excerpt = extractLogExcerpt(text);
    expect(excerpt?.lines.length).toBeLessThanOrEqual(MAX_EXCERPT_LINES);
    expect(excerpt?.lines.join('\n').length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(excerpt?.lines.slice(0, 2)).toEqual(['● big › one', 'expect(received).toEqual(expected)']);
    expect(excerpt?.lines.at(-1)).toBe('…and 1 more failing test: big › two');
    expect(excerpt?.cut).toBe(true);
  });

  it("masks secrets in a rule's block and primary line", () => {
    const text = log(
      'npm ERR! code E401',
      'npm ERR! Unable to authenticate, token ghp_0123456789abcdefghijABCDEFGHIJ',
    );
    const excerpt = extractLogExcerpt(text);
    expect(excerpt?.lines).toEqual(['npm ERR! code E401', 'npm ERR! Unable to authenticate, token ***']);
  });

  it("keeps the step's output after a stray ##[endgroup] (an action's own group)", () => {
    const text = log(
      '##[group]Run vmactions/freebsd-vm@v1',
      'with:',
      '##[endgroup]',
      '   Compiling server v0.7.1',
      'Killed',
      '##[endgroup]',
      "##[error]The process '/usr/bin/bash' failed with exit code 137",
    );
    expect(extractLogExcerpt(text, 'Run vmactions/freebsd-vm@v1')?.lines).toEqual(['Killed']);
  });

  it("ends a rule's block with the step: the runner's exit line and the post-job chatter are not part of it", () => {
    const text = log(
      '##[group]Run npm test',
      'npm test',
      '##[endgroup]',
      'Error: expect(received).toBe(expected) // Object.is equality',
      'Expected: 1000',
      'Received: 100',
      '##[error]Process completed with exit code 1.',
      'Post job cleanup.',
      '[command]/usr/bin/git version',
      'git version 2.51.0',
    );
    expect(extractLogExcerpt(text, 'Run npm test')?.lines).toEqual([
      'Error: expect(received).toBe(expected) // Object.is equality',
      'Expected: 1000',
      'Received: 100',
    ]);
  });
});

describe('isGenericError', () => {
  it.each([
    ['Process completed with exit code 1.', true],
    ["The process '/usr/share/rust/.cargo/bin/cargo' failed with exit code 101", true],
    ['The operation was canceled.', true],
    ['Cannot find module foo', false],
  ])('%s -> %s', (message, generic) => {
    expect(isGenericError(message)).toBe(generic);
  });
});
