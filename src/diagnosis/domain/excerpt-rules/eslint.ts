// ESLint (stylish): a file path, then `  line:col  error  message  rule` under it; warnings and
// the `✖ N problems` summary are not the reason. The first file's errors (a few), then how many
// more errors there are, by file.

import { indexFrom, isBlank } from './block-lines.js';
import type { ExcerptRule } from './excerpt-rule.js';

const ERROR = /^\s+\d+:\d+\s+error\s+\S/;
const FILE = /^(?:[A-Za-z]:\\|\/|\.{0,2}[\w@.-]+[\\/])\S*\.\w+$/;
const PER_FILE = 4;

/** The file heading above line `at`: the nearest unindented path line. */
function fileOf(lines: readonly string[], at: number): string | undefined {
  for (let i = at - 1; i >= 0; i -= 1) {
    const line = lines[i] ?? '';
    if (isBlank(line) || ERROR.test(line) || /^\s+\d+:\d+\s+warning\s/.test(line)) continue;
    return FILE.test(line.trim()) ? line.trim() : undefined;
  }
  return undefined;
}

export const eslintRule: ExcerptRule = {
  name: 'eslint',
  find(lines) {
    const first = indexFrom(lines, ERROR);
    if (first < 0) return undefined;
    const file = fileOf(lines, first);
    const body: string[] = [];
    const others: string[] = [];
    for (let i = first; i >= 0; i = indexFrom(lines, ERROR, i + 1)) {
      const sameFile = fileOf(lines, i) === file;
      if (sameFile && body.length < PER_FILE) body.push(lines[i] ?? '');
      else others.push(`${fileOf(lines, i) ?? ''} ${(lines[i] ?? '').trim().split(/\s{2,}/)[0]}`.trim());
    }
    return {
      ...(file === undefined ? {} : { title: file }),
      lines: body,
      primary: (lines[first] ?? '').trim(),
      others: { noun: 'errors', names: others },
    };
  },
};
