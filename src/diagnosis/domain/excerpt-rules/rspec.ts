// RSpec: under `Failures:`, each failure is `  1) description`, `Failure/Error: code`, the
// message (`expected: 2` / `got: 3`, `NoMethodError: …`) and the `# ./spec/…:8` location. The
// `Failed examples:` list names the others.

import { indexFrom, isBlank } from './block-lines.js';
import type { ExcerptRule } from './excerpt-rule.js';

const FAILURE_ERROR = /^\s*Failure\/Error: /;
const NUMBERED = /^\s*\d+\) \S/;
const LOCATION = /^\s*# \.\/\S+:\d+/;
const EXAMPLE = /^rspec (\S+) # (.+)$/;

export const rspecRule: ExcerptRule = {
  name: 'rspec',
  find(lines) {
    const at = indexFrom(lines, FAILURE_ERROR);
    if (at < 0 || !NUMBERED.test(lines[at - 1] ?? '')) return undefined;
    const body = [lines[at] ?? ''];
    for (let i = at + 1; i < lines.length && body.length < 8; i += 1) {
      const line = lines[i] ?? '';
      if (NUMBERED.test(line) || /^(?:Finished in|Failed examples:)/.test(line.trim())) break;
      if (isBlank(line) || /^\s*# \.\/(?:vendor|gems)\//.test(line)) continue;
      body.push(line);
      if (LOCATION.test(line)) break;
    }
    const message = body.slice(1).find((line) => !LOCATION.test(line) && !isBlank(line));
    const examples = lines.flatMap((line) => {
      const match = EXAMPLE.exec(line.trim());
      return match ? [match[2] ?? ''] : [];
    });
    return {
      title: (lines[at - 1] ?? '').trim(),
      lines: body,
      primary: (message ?? lines[at] ?? '').trim(),
      others: { noun: 'failing tests', names: examples.slice(1) },
    };
  },
};
