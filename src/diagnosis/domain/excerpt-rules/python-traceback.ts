// A Python traceback (unittest, pytest --tb=native, a crashed script): the exception line that
// ends it (`AssertionError: 404 != 200`) and the last frame above it, titled by unittest's
// `FAIL: test_x (module.Class)` line; the other FAIL/ERROR tests by name.

import { indexFrom, isBlank } from './block-lines.js';
import type { ExcerptRule } from './excerpt-rule.js';

const TRACEBACK = /^\s*Traceback \(most recent call last\):$/;
const FRAME = /^\s*File "[^"]+", line \d+/;
const UNITTEST = /^(?:FAIL|ERROR): (\S+(?: \([\w.]+\))?)/;
const EXCEPTION =
  /^\s*[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Failure)\b(?::|$)|^\s*[A-Za-z_][\w.]*: \S/;

export const pythonTracebackRule: ExcerptRule = {
  name: 'python-traceback',
  find(lines) {
    const start = indexFrom(lines, TRACEBACK);
    if (start < 0) return undefined;
    let last = -1;
    let end = start + 1;
    for (; end < lines.length; end += 1) {
      const line = lines[end] ?? '';
      if (FRAME.test(line)) last = end;
      else if (!/^\s/.test(line) && !isBlank(line)) break;
    }
    const exception = lines[end] ?? '';
    if (!EXCEPTION.test(exception)) return undefined;
    const body = [...(last < 0 ? [] : lines.slice(last, Math.min(last + 2, end))), exception];
    for (
      let i = end + 1;
      i < lines.length && body.length < 7 && !isBlank(lines[i]) && !/^[-=]{5,}/.test(lines[i] ?? '');
      i += 1
    ) {
      body.push(lines[i] ?? '');
    }
    let title: string | undefined;
    for (let i = start - 1; i >= Math.max(0, start - 4) && title === undefined; i -= 1) {
      if (UNITTEST.test(lines[i] ?? '')) title = (lines[i] ?? '').trim();
    }
    const names = lines.flatMap((line, i) =>
      i > end && UNITTEST.test(line) ? [UNITTEST.exec(line)?.[1] ?? ''] : [],
    );
    return {
      ...(title === undefined ? {} : { title }),
      lines: body,
      primary: exception.trim(),
      others: { noun: 'failing tests', names },
    };
  },
};
