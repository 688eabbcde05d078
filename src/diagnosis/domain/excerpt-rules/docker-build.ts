// docker build (BuildKit): the failing RUN's own error line, under its `#7 56.49 ` prefix
// (`ERROR: … script exited with error 1`, `E: Unable to locate package`, `… not found`), then
// BuildKit's `failed to solve` line. The Dockerfile excerpt BuildKit repeats is not the reason.

import type { ExcerptRule } from './excerpt-rule.js';

const STEP_OUTPUT = /^#\d+ \d+(?:\.\d+)? /;
const STEP_ERROR =
  /^#\d+ \d+(?:\.\d+)? (?:ERROR:|E: |error:|fatal:|npm ERR!|.*(?:command not found|: not found|No such file or directory)$)/;
const SOLVE = /^(?:ERROR: |error: )?failed to solve:/;

export const dockerBuildRule: ExcerptRule = {
  name: 'docker-build',
  find(lines) {
    const at = lines.findIndex((line) => STEP_ERROR.test(line));
    if (at < 0) return undefined;
    const error = (lines[at] ?? '').replace(STEP_OUTPUT, '').trim();
    const solve = lines.find((line) => SOLVE.test(line.trim()))?.trim();
    return { lines: [error, ...(solve === undefined ? [] : [solve])], primary: error };
  },
};
