// Maven / Surefire: a test method's `<<< FAILURE!` line and the exception under it (JUnit 5:
// `org.opentest4j.AssertionFailedError: expected: <42> but was: <41>`); else the first entry of
// the `Failed tests:` / `[ERROR] Failures:` results; else javac's `[ERROR] File.java:[12,5] …`;
// else `[ERROR] Failed to execute goal …`. Never the `-> [Help 1]` advice after it.

import { indexFrom, isBlank, isStackLine } from './block-lines.js';
import type { ExcerptBlock, ExcerptRule } from './excerpt-rule.js';

const PREFIX = /^\[(?:ERROR|INFO|WARNING)\]\s?/;
const METHOD_FAILED =
  /^(?:\[ERROR\]\s+)?(?!Tests run:)(\S.*?)\s+(?:--\s+)?Time elapsed:.*<<< (?:FAILURE|ERROR)!$/;
const RESULTS = /^(?:\[ERROR\]\s+)?(?:Failed tests:|Tests in error:|Failures:|Errors:)\s*(.*)$/;
const COMPILER = /^\[ERROR\] \S+\.(?:java|kt|scala):\[\d+,\d+\] /;
const GOAL = /^\[ERROR\] Failed to execute goal /;
const LIBRARY_FRAME = /\bat (?:org\.junit|org\.opentest4j|java\.|jdk\.|sun\.|org\.apache\.maven\.surefire)/;
const strip = (line: string): string => line.replace(PREFIX, '').trim();

function methodFailure(lines: readonly string[]): ExcerptBlock | undefined {
  const at = indexFrom(lines, METHOD_FAILED);
  const exception = lines[at + 1];
  if (at < 0 || exception === undefined || isBlank(exception)) return undefined;
  const message: string[] = [];
  for (let i = at + 1; i < lines.length && message.length < 4 && !isStackLine(lines[i] ?? ''); i += 1) {
    if (!isBlank(lines[i])) message.push((lines[i] ?? '').trim());
  }
  const frame = lines.slice(at + 2, at + 40).find((line) => isStackLine(line) && !LIBRARY_FRAME.test(line));
  const names = lines
    .flatMap((line, i) => (i > at ? [METHOD_FAILED.exec(line)?.[1] ?? ''] : []))
    .filter(Boolean);
  return {
    title: METHOD_FAILED.exec(lines[at] ?? '')?.[1] ?? '',
    lines: [...message, ...(frame === undefined ? [] : [frame.trim()])],
    primary: exception.trim(),
    others: { noun: 'failing tests', names },
  };
}

function results(lines: readonly string[]): ExcerptBlock | undefined {
  const at = indexFrom(lines, RESULTS);
  if (at < 0) return undefined;
  const entries: string[] = [];
  const inline = RESULTS.exec(lines[at] ?? '')?.[1]?.trim();
  if (inline) entries.push(inline);
  for (let i = at + 1; i < lines.length; i += 1) {
    const entry = strip(lines[i] ?? '');
    if (entry === '' || /^Tests run:/.test(entry) || RESULTS.test(lines[i] ?? '')) break;
    entries.push(entry);
  }
  const [first, ...rest] = entries;
  if (first === undefined) return undefined;
  return { lines: [first], primary: first, others: { noun: 'failing tests', names: rest } };
}

function firstMatching(lines: readonly string[], pattern: RegExp, extra: number): ExcerptBlock | undefined {
  const at = indexFrom(lines, pattern);
  if (at < 0) return undefined;
  const body = [strip(lines[at] ?? '')];
  for (let i = at + 1; i <= at + extra && i < lines.length; i += 1) {
    const line = strip(lines[i] ?? '');
    if (line === '' || /^(?:->|To see the full|Re-run Maven|For more information)/.test(line)) break;
    body.push(line);
  }
  return { lines: body, primary: body[0] ?? '' };
}

export const mavenRule: ExcerptRule = {
  name: 'maven',
  find: (lines) =>
    methodFailure(lines) ??
    results(lines) ??
    firstMatching(lines, COMPILER, 0) ??
    firstMatching(lines, GOAL, 2),
};
