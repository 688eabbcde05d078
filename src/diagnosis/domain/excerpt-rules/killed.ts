// A process the kernel or a runtime killed for memory: `Killed` (bash's job report, exit 137),
// `FATAL ERROR: … JavaScript heap out of memory`, `fatal error: runtime: out of memory`. The line
// itself is the reason; what the process printed before it is not.

import type { ExcerptRule } from './excerpt-rule.js';

const KILLED =
  /(?:^|: |\d )Killed(?:\s{2,}\S.*)?$|JavaScript heap out of memory|fatal error: runtime: out of memory|^MemoryError\b|\bOut of memory: Killed process\b|java\.lang\.OutOfMemoryError/;

export const killedRule: ExcerptRule = {
  name: 'killed',
  find(lines) {
    const at = lines.findIndex((line) => KILLED.test(line.trim()));
    if (at < 0) return undefined;
    const line = (lines[at] ?? '').trim();
    return { lines: [line], primary: line };
  },
};
