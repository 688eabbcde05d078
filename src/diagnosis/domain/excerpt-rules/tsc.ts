// TypeScript: `file.ts(12,5): error TS2322: …` or, pretty, `file.ts:12:5 - error TS2322: …`,
// with the message chain indented under it. The first error in full, the others by location;
// `Found N errors` and the npm/lerna lines after it are boilerplate.

import { indexFrom, isBlank } from './block-lines.js';
import type { ExcerptRule } from './excerpt-rule.js';

const ERROR = /^\s*(?:(\S.*?)(?:\(\d+,\d+\)|:\d+:\d+)\s*(?::|-)\s*)?error TS\d+:/;
const LOCATED = /^\s*(\S.*?(?:\(\d+,\d+\)|:\d+:\d+))\s*(?::|-)\s*error (TS\d+):/;
const SOURCE_LINE = /^\d+\s+\S/;

export const tscRule: ExcerptRule = {
  name: 'tsc',
  find(lines) {
    const first = indexFrom(lines, ERROR);
    if (first < 0) return undefined;
    const body = [(lines[first] ?? '').trim()];
    for (let i = first + 1; i < lines.length && body.length < 8; i += 1) {
      const line = lines[i] ?? '';
      if (ERROR.test(line) || /^Found \d+ errors?\b/.test(line.trim())) break;
      if (/^\s+\S/.test(line) && !/^\s*~+\s*$/.test(line)) body.push(line);
      else if (SOURCE_LINE.test(line)) body.push(line);
      else if (!isBlank(line)) break;
    }
    const names: string[] = [];
    for (let i = indexFrom(lines, ERROR, first + 1); i >= 0; i = indexFrom(lines, ERROR, i + 1)) {
      const located = LOCATED.exec(lines[i] ?? '');
      names.push(located ? `${located[1]} ${located[2]}` : (lines[i] ?? '').trim());
    }
    return { lines: body, primary: body[0] ?? '', others: { noun: 'errors', names } };
  },
};
