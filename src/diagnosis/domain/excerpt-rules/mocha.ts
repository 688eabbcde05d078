// Mocha: after `N passing` / `M failing`, each failure is `  1) suite title:` (the title may
// wrap onto a second line), then the error (`AssertionError: …`, `Error: Timeout of …`), the
// `+ expected - actual` diff and the stack. The numbered titles in the progress tree above it
// have no error under them.

import { indexFrom, isBlank, readable, until } from './block-lines.js';
import type { ExcerptRule } from './excerpt-rule.js';

const NUMBERED = /^\s*(\d+)\) (\S.*)$/;
const ERROR = /^\s*(?:[\w.]*Error|AssertionError|Uncaught\b|Timeout\b)[^:]*:/;
const BLOCK_END = /^\s*\d+\) \S|^\s*\d+ (?:passing|failing|pending)\b|^npm (?:ERR!|error)/;

interface Failure {
  readonly at: number;
  readonly title: string;
  readonly error: number;
}

/** A numbered title followed, within its wrapped title lines, by an error line. */
function failureAt(lines: readonly string[], at: number): Failure | undefined {
  const match = NUMBERED.exec(lines[at] ?? '');
  if (!match) return undefined;
  const title = [match[2] ?? ''];
  for (let i = at + 1; i < Math.min(at + 5, lines.length); i += 1) {
    const line = lines[i] ?? '';
    if (ERROR.test(line)) return { at, title: title.join(' ').replace(/:$/, ''), error: i };
    if (NUMBERED.test(line)) return undefined;
    if (!isBlank(line)) title.push(line.trim());
  }
  return undefined;
}

export const mochaRule: ExcerptRule = {
  name: 'mocha',
  find(lines) {
    const failures: Failure[] = [];
    for (let i = indexFrom(lines, NUMBERED); i >= 0; i = indexFrom(lines, NUMBERED, i + 1)) {
      const failure = failureAt(lines, i);
      if (failure) failures.push(failure);
    }
    const [first, ...rest] = failures;
    if (!first) return undefined;
    const body = readable(until(lines, first.error, BLOCK_END, 30));
    return {
      title: `${NUMBERED.exec(lines[first.at] ?? '')?.[1]}) ${first.title}`,
      lines: body,
      primary: (lines[first.error] ?? '').trim(),
      others: { noun: 'failing tests', names: rest.map((failure) => failure.title) },
    };
  },
};
