// Jest: each failing test is a `● Suite › test` block (message, Expected/Received, code frame,
// location) printed before the `Test Suites:` summary. Without bullets (a custom reporter), the
// `expect(received)…` message and what follows it.

import { indexFrom, isBlank, readable, until } from './block-lines.js';
import type { ExcerptBlock, ExcerptRule } from './excerpt-rule.js';

const BULLET = /^\s*● (?!Console$)(.+)$/;
const BLOCK_END =
  /^\s*● |^(?:Test Suites|Tests|Snapshots|Time):\s|^Ran all test suites|^\s*(?:PASS|FAIL)\s+\S/;
const MATCHER = /expect\(received\)(?:\.not)?\.\w+\(/;

function bulletBlock(lines: readonly string[]): ExcerptBlock | undefined {
  const first = indexFrom(lines, BULLET);
  if (first < 0) return undefined;
  const body = readable(until(lines, first + 1, BLOCK_END));
  const primary = body[0]?.trim();
  if (primary === undefined) return undefined;
  const names = new Set<string>();
  for (const line of lines.slice(first + 1)) {
    const name = BULLET.exec(line)?.[1]?.trim();
    if (name !== undefined && !lines[first]?.includes(name)) names.add(name);
  }
  return {
    title: (lines[first] ?? '').trim(),
    lines: body,
    primary,
    others: { noun: 'failing tests', names: [...names] },
  };
}

function matcherBlock(lines: readonly string[]): ExcerptBlock | undefined {
  const at = indexFrom(lines, MATCHER);
  if (at < 0) return undefined;
  const body = readable(until(lines, at, BLOCK_END, 15));
  const primary = (lines[at] ?? '').trim();
  return isBlank(primary) ? undefined : { lines: body, primary };
}

export const jestRule: ExcerptRule = {
  name: 'jest',
  find: (lines) => bulletBlock(lines) ?? matcherBlock(lines),
};
