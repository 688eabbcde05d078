// Go: a `panic: …` (and the first frame of the goroutine that panicked, outside the runtime and
// testing packages); a build or vet failure (`# pkg` then `./file.go:12:5: undefined: x`); a
// failed test's own `file_test.go:254: message` lines under `--- FAIL: TestName`. Later
// packages' `ok`/`FAIL` lines are not the reason.

import { indexFrom, isBlank } from './block-lines.js';
import type { ExcerptBlock, ExcerptRule } from './excerpt-rule.js';

const PANIC = /^panic: /;
const FRAME_FILE = /^\s+\S+\.go:\d+(?: \+0x[0-9a-f]+)?$/;
const LIBRARY =
  /^(?:runtime|testing|panic|created by (?:testing|runtime))\b|\/(?:src\/runtime|src\/testing)\//;
const BUILD = /^\s*(?:\.\/|\.\.\/)?[\w./-]+\.go:\d+(?::\d+)?: \S/;
const TEST_LINE = /^\s+[\w.-]+_test\.go:\d+: \S/;
const FAIL = /^\s*--- FAIL: (\S+)/;

function panicBlock(lines: readonly string[]): ExcerptBlock | undefined {
  const at = indexFrom(lines, PANIC);
  if (at < 0) return undefined;
  const body = [lines[at] ?? ''];
  if (/^\[signal /.test(lines[at + 1] ?? '')) body.push(lines[at + 1] ?? '');
  for (let i = at + 1; i < lines.length - 1; i += 1) {
    const fn = lines[i] ?? '';
    if (/^\s/.test(fn) || isBlank(fn) || /^goroutine /.test(fn) || LIBRARY.test(fn)) continue;
    const file = lines[i + 1] ?? '';
    if (!FRAME_FILE.test(file) || LIBRARY.test(file)) continue;
    body.push(fn, file);
    break;
  }
  return { lines: body, primary: (lines[at] ?? '').trim() };
}

function buildBlock(lines: readonly string[]): ExcerptBlock | undefined {
  const at = lines.findIndex(
    (line, i) => BUILD.test(line) && !TEST_LINE.test(line) && /^#\s\S/.test(lines[i - 1] ?? ''),
  );
  if (at < 0) return undefined;
  const body: string[] = [];
  for (let i = at; i < lines.length && body.length < 5 && BUILD.test(lines[i] ?? ''); i += 1)
    body.push(lines[i] ?? '');
  return { title: (lines[at - 1] ?? '').trim(), lines: body, primary: (lines[at] ?? '').trim() };
}

function testBlock(lines: readonly string[]): ExcerptBlock | undefined {
  const at = indexFrom(lines, TEST_LINE);
  if (at < 0) return undefined;
  const indent = /^\s*/.exec(lines[at] ?? '')?.[0].length ?? 0;
  const body = [lines[at] ?? ''];
  for (let i = at + 1; i < lines.length && body.length < 6; i += 1) {
    const line = lines[i] ?? '';
    if ((/^\s*/.exec(line)?.[0].length ?? 0) <= indent || TEST_LINE.test(line)) break;
    body.push(line);
  }
  const fails = lines.flatMap((line) => {
    const name = FAIL.exec(line)?.[1];
    return name === undefined ? [] : [name];
  });
  const [first, ...rest] = fails;
  return {
    ...(first === undefined ? {} : { title: `--- FAIL: ${first}` }),
    lines: body,
    primary: (lines[at] ?? '').trim(),
    others: { noun: 'failing tests', names: rest.filter((name) => !name.startsWith(`${first}/`)) },
  };
}

export const goRule: ExcerptRule = {
  name: 'go',
  find: (lines) => panicBlock(lines) ?? buildBlock(lines) ?? testBlock(lines),
};
