// Rust: a compiler error is `error[E0308]: mismatched types` with `--> file:line:col` and the
// code it points at; a failed test is `thread 'name' panicked at file:line:col:` and its message
// (older toolchains: `panicked at 'message', file:line:col`). Backtraces, the `failures:` list
// and "could not compile" are not the reason.

import { indexFrom, isBlank } from './block-lines.js';
import type { ExcerptBlock, ExcerptRule } from './excerpt-rule.js';

const COMPILER = /^error(?:\[E\d+\])?: (?!could not compile|aborting due to|build failed|test failed)/;
const PANIC = /panicked at /;
const TEST_HEADER = /^---- (\S+) stdout ----$/;

/** `error[E0308]: …`, or a plain `error: …` that points at code (` --> file:line:col` under it). */
const isCompilerError = (lines: readonly string[], i: number): boolean =>
  COMPILER.test(lines[i] ?? '') &&
  (/^error\[E\d+\]/.test(lines[i] ?? '') || /^\s*--> \S/.test(lines[i + 1] ?? ''));

function compilerError(lines: readonly string[]): ExcerptBlock | undefined {
  const at = lines.findIndex((_, i) => isCompilerError(lines, i));
  if (at < 0) return undefined;
  const body = [lines[at] ?? ''];
  for (let i = at + 1; i < lines.length && body.length < 7; i += 1) {
    const line = lines[i] ?? '';
    if (isBlank(line) || COMPILER.test(line) || /^(?:error|warning)(?:\[\w+\])?: /.test(line)) break;
    body.push(line);
  }
  const names = lines.flatMap((line, i) => (i > at && isCompilerError(lines, i) ? [line.trim()] : []));
  return { lines: body, primary: (lines[at] ?? '').trim(), others: { noun: 'errors', names } };
}

function panic(lines: readonly string[]): ExcerptBlock | undefined {
  const at = indexFrom(lines, PANIC);
  if (at < 0) return undefined;
  const body = [lines[at] ?? ''];
  const message = lines[at + 1];
  if (/:\s*$/.test(lines[at] ?? '') && message !== undefined && !/^note: /.test(message)) body.push(message);
  let title: string | undefined;
  for (let i = at - 1; i >= 0 && title === undefined; i -= 1) title = TEST_HEADER.exec(lines[i] ?? '')?.[1];
  const list = lines.lastIndexOf('failures:');
  const names: string[] = [];
  for (let i = list + 1; list >= 0 && /^\s{4}\S+$/.test(lines[i] ?? ''); i += 1) {
    const name = (lines[i] ?? '').trim();
    if (name !== title) names.push(name);
  }
  return {
    ...(title === undefined ? {} : { title: `---- ${title} stdout ----` }),
    lines: body,
    primary: (lines[at] ?? '').trim(),
    others: { noun: 'failing tests', names },
  };
}

export const rustRule: ExcerptRule = {
  name: 'rust',
  find: (lines) => panic(lines) ?? compilerError(lines),
};
