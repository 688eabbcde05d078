// Gradle: a failed test is `Class > method() FAILED` with the exception indented under it; a
// compile error is javac's `File.java:6: error: …` or Kotlin's `e: file:///…kt:12:5 …`. The task
// from "What went wrong" names what failed; gradle's advice (`* Try:`, `--stacktrace`) is noise.

import { indexFrom, isBlank } from './block-lines.js';
import type { ExcerptBlock, ExcerptRule } from './excerpt-rule.js';

const TEST_FAILED = /^\s*(\S.* > .+) FAILED$/;
const JAVAC = /^\S+\.java:\d+: error: /;
const KOTLIN = /^e: (?:file:\/\/)?\S+\.kts?:\d+:\d+ /;
const TASK = /^(?:Execution failed for task '[^']+'\.|> Task \S+ FAILED)$/;

/** `File.kt:601:13` of an `e: file:///…/File.kt:601:13 message` or `…/File.java:6: error: …` line. */
const where = (line: string): string =>
  /([^/\\\s]+\.(?:java|kts?):\d+(?::\d+)?)/.exec(line)?.[1] ?? line.trim();

function task(lines: readonly string[]): string | undefined {
  const at = indexFrom(lines, TASK);
  return at < 0 ? undefined : lines[at]?.trim();
}

function testFailure(lines: readonly string[]): ExcerptBlock | undefined {
  const at = indexFrom(lines, TEST_FAILED);
  const exception = lines[at + 1];
  if (at < 0 || exception === undefined || isBlank(exception)) return undefined;
  const body = [exception];
  for (let i = at + 2; i < lines.length && body.length < 4 && /^\s{4,}\S/.test(lines[i] ?? ''); i += 1) {
    body.push(lines[i] ?? '');
  }
  const names = lines
    .flatMap((line, i) => (i > at ? [TEST_FAILED.exec(line)?.[1] ?? ''] : []))
    .filter(Boolean);
  return {
    title: (lines[at] ?? '').trim(),
    lines: body,
    primary: exception.trim(),
    others: { noun: 'failing tests', names },
  };
}

function compileErrors(lines: readonly string[]): ExcerptBlock | undefined {
  const javac = indexFrom(lines, JAVAC);
  const kotlin = indexFrom(lines, KOTLIN);
  const pattern = javac >= 0 && (kotlin < 0 || javac < kotlin) ? JAVAC : KOTLIN;
  const at = pattern === JAVAC ? javac : kotlin;
  if (at < 0) return undefined;
  const body = [lines[at] ?? ''];
  for (let i = at + 1; i < lines.length && body.length < 5 && pattern === JAVAC; i += 1) {
    const line = lines[i] ?? '';
    if (JAVAC.test(line) || !/^\s/.test(line) || /^\s*\^\s*$/.test(line)) break;
    body.push(line);
  }
  const names = lines.flatMap((line, i) => (i > at && pattern.test(line) ? [where(line)] : []));
  const failedTask = task(lines);
  return {
    ...(failedTask === undefined ? {} : { title: failedTask }),
    lines: body,
    primary: (lines[at] ?? '').trim(),
    others: { noun: 'errors', names },
  };
}

export const gradleRule: ExcerptRule = {
  name: 'gradle',
  find: (lines) => testFailure(lines) ?? compileErrors(lines),
};
