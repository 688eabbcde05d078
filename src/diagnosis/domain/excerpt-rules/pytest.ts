// pytest: the first failure's `E   …` lines (and the `file.py:372: AssertionError` under them),
// titled by its `____ test_name ____` header; with `--tb=no`/`-ra` only, the first `FAILED
// path::test - message` of the short summary. The other failures by name.

import { indexFrom } from './block-lines.js';
import type { ExcerptBlock, ExcerptRule } from './excerpt-rule.js';

const E_LINE = /^E\s+\S/;
const HEADER = /^_{3,} (.+?) _{3,}$/;
const LOCATION = /^\S+\.py:\d+: \S/;
const SUMMARY = /^(?:FAILED|ERROR) (\S+::\S+|\S+\.py)(?: - (.*))?$/;

function testName(line: string): string {
  return (SUMMARY.exec(line)?.[1] ?? line).trim();
}

/** `path::Class::test[param]` in the summary names the test a `____ Class.test[param] ____` header does. */
const sameTest = (name: string, title: string | undefined): boolean =>
  title !== undefined && name.replace(/::/g, '.').endsWith(title);

function eLines(lines: readonly string[]): ExcerptBlock | undefined {
  const at = indexFrom(lines, E_LINE);
  if (at < 0) return undefined;
  const body: string[] = [];
  let i = at;
  for (; i < lines.length && E_LINE.test(lines[i] ?? '') && body.length < 6; i += 1)
    body.push(lines[i] ?? '');
  while (i < lines.length && (E_LINE.test(lines[i] ?? '') || (lines[i] ?? '').trim() === '')) i += 1;
  if (LOCATION.test(lines[i] ?? '')) body.push(lines[i] ?? '');
  let title: string | undefined;
  for (let j = at - 1; j >= 0 && title === undefined; j -= 1) title = HEADER.exec(lines[j] ?? '')?.[1];
  const summary = lines.filter((line) => SUMMARY.test(line)).map(testName);
  return {
    ...(title === undefined ? {} : { title: `____ ${title} ____` }),
    lines: body,
    primary: (lines[at] ?? '').replace(/^E\s+/, '').trim(),
    others: { noun: 'failing tests', names: summary.filter((name) => !sameTest(name, title)) },
  };
}

function summaryOnly(lines: readonly string[]): ExcerptBlock | undefined {
  const at = lines.findIndex((line) => SUMMARY.exec(line)?.[2] !== undefined);
  if (at < 0) return undefined;
  const rest = lines.filter((line, i) => i > at && SUMMARY.test(line)).map(testName);
  const line = (lines[at] ?? '').trim();
  return {
    lines: [line],
    primary: SUMMARY.exec(line)?.[2] ?? line,
    others: { noun: 'failing tests', names: rest },
  };
}

export const pytestRule: ExcerptRule = {
  name: 'pytest',
  find: (lines) => eLines(lines) ?? summaryOnly(lines),
};
