// Vitest: under `Failed Tests N`, each failure is ` FAIL  file > suite > test` followed by the
// error (`AssertionError: expected … to be …`), the diff, the `❯ file:line:col` location and a
// code frame. The ✓/× progress lines and the `Test Files` summary are not the reason.

import { indexFrom, readable, until } from './block-lines.js';
import type { ExcerptRule } from './excerpt-rule.js';

const FAIL = /^\s*FAIL\s+(\S.*?(?: > .+| \[ .+ \]))\s*$/;
const BLOCK_END = /^\s*FAIL\s|^\s*⎯{3,}|^\s*(?:Test Files|Tests|Start at|Duration)\s{2}/;

export const vitestRule: ExcerptRule = {
  name: 'vitest',
  find(lines) {
    const first = indexFrom(lines, FAIL);
    if (first < 0) return undefined;
    const body = readable(until(lines, first + 1, BLOCK_END));
    const primary = body[0]?.trim();
    if (primary === undefined) return undefined;
    const names = new Set<string>();
    const title = FAIL.exec(lines[first] ?? '')?.[1] ?? '';
    for (const line of lines.slice(first + 1)) {
      const name = FAIL.exec(line)?.[1];
      if (name !== undefined && name !== title) names.add(name);
    }
    return {
      title: (lines[first] ?? '').trim(),
      lines: body,
      primary,
      others: { noun: 'failing tests', names: [...names] },
    };
  },
};
