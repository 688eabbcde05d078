// Minitest: `  1) Failure:` (or `Error:`), then `TestClass#test_name [file:line]:` and the message
// (`Expected: 1` / `Actual: 2`, an exception and its first frame). Rails prints the same without
// the number, followed by `bin/rails test file:line`.

import { isBlank } from './block-lines.js';
import type { ExcerptRule } from './excerpt-rule.js';

const HEADING = /^\s*(?:\d+\) )?(?:Failure|Error):$/;
const TEST = /^(\S+#\S+?)(?: \[[^\]]+\])?:$/;

export const minitestRule: ExcerptRule = {
  name: 'minitest',
  find(lines) {
    const headings = lines.flatMap((line, i) =>
      HEADING.test(line) && TEST.test(lines[i + 1] ?? '') ? [i] : [],
    );
    const [first, ...rest] = headings;
    if (first === undefined) return undefined;
    const body: string[] = [];
    for (let i = first + 2; i < lines.length && body.length < 6 && !isBlank(lines[i]); i += 1)
      body.push(lines[i] ?? '');
    const primary = body[0]?.trim();
    if (primary === undefined) return undefined;
    return {
      title: (lines[first + 1] ?? '').trim(),
      lines: body,
      primary,
      others: { noun: 'failing tests', names: rest.map((i) => TEST.exec(lines[i + 1] ?? '')?.[1] ?? '') },
    };
  },
};
