// npm, pnpm and yarn install failures: `npm ERR! code ERESOLVE` (npm 10: `npm error code …`)
// and what npm says under it, ` ERR_PNPM_… message`, yarn's `YN…` errors. The lines npm prints
// after any failed script (ELIFECYCLE, "Failed at the … script", the debug-log path) are not a
// reason: when a tool failed inside `npm run`, its own rule has already answered.

import { indexFrom, isBlank } from './block-lines.js';
import type { ExcerptRule } from './excerpt-rule.js';

const NPM = /^npm (?:ERR!|error)\s?/;
const BOILERPLATE =
  /^npm (?:ERR!|error)\s*(?:$|code ELIFECYCLE|errno\b|Exit status|Failed at the|This is probably not a problem|A complete log|Test failed|\s+\/\S+debug(?:-\d+)?\.log$|Lifecycle script|command failed|\s+in workspace:|\s+at location:|\S+@\S+ [\w:-]+: `)/;
const PNPM = /^\s*ERR_PNPM_\w+\s/;
const YARN = /^(?:➤ )?YN\d{4}: .*(?:Error|error|failed|modified|not found)|^error (?!Command failed)\S/;
const MAX = 8;

export const npmInstallRule: ExcerptRule = {
  name: 'npm-install',
  find(lines) {
    const pnpm = indexFrom(lines, PNPM);
    if (pnpm >= 0) {
      const body: string[] = [];
      for (let i = pnpm; i < lines.length && body.length < MAX; i += 1) {
        const line = lines[i] ?? '';
        if (/^\s*(?:ELIFECYCLE|WARN)\s/.test(line)) break;
        if (!isBlank(line)) body.push(line);
      }
      return { lines: body, primary: (lines[pnpm] ?? '').trim() };
    }
    const reason = lines.findIndex((line) => NPM.test(line) && !BOILERPLATE.test(line));
    if (reason >= 0) {
      const body = lines.slice(reason).filter((line) => NPM.test(line) && !BOILERPLATE.test(line));
      return { lines: body.slice(0, MAX), primary: (lines[reason] ?? '').trim() };
    }
    const yarn = indexFrom(lines, YARN);
    if (yarn < 0) return undefined;
    return { lines: [(lines[yarn] ?? '').trim()], primary: (lines[yarn] ?? '').trim() };
  },
};
