// A Node.js program that crashed: `RangeError: …` (or any `…Error: …`) with `    at …` frames
// under it. The error line and its first frame outside libraries.

import { isStackLine, readable } from './block-lines.js';
import type { ExcerptRule } from './excerpt-rule.js';

const ERROR = /^\s*(?:Uncaught )?(?:[A-Z]\w*)?(?:Error|Exception)(?: \[\w+\])?: \S/;

export const nodeErrorRule: ExcerptRule = {
  name: 'node-error',
  find(lines) {
    const at = lines.findIndex((line, i) => ERROR.test(line) && isStackLine(lines[i + 1] ?? ''));
    if (at < 0) return undefined;
    let end = at + 1;
    while (end < lines.length && isStackLine(lines[end] ?? '')) end += 1;
    return { lines: readable(lines.slice(at, end)), primary: (lines[at] ?? '').trim() };
  },
};
