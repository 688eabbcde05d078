// .NET: a failed test as `dotnet test` reports it (VSTest's `Failed Name [12 ms]` or `X Name
// [12ms]`, Microsoft.Testing.Platform's `failed Name (6s 220ms)`) with its message and first
// stack frame; else an assertion exception (`Xunit.Sdk.EqualException`, `Assert.AreEqual
// failed`) with expected and actual; else a compiler or build error (`file.cs(4,7): error
// CS0246: …`, MSBuild's `error MSB…`, NuGet's `error NU…`), the project path cut off.

import { indexFrom, readable, until } from './block-lines.js';
import type { ExcerptBlock, ExcerptRule } from './excerpt-rule.js';

const FAILED_TEST = /^\s*(?:Failed|X|failed)\s+(\S.*?)\s+(?:\[[\d.,]+\s*m?s\]|\([^)]*\d+m?s\))\s*$/;
const TEST_END =
  /^\s*(?:Failed|Passed|Skipped|X|√|failed|passed|skipped)\s+\S.*(?:\]|\))\s*$|^Test Run (?:Failed|Successful)|^Total tests:|^(?:Failed|Passed)!\s+-|Results File:|^Test run in progress/;
const LABEL = /^\s*(?:Error Message|Stack Trace|Standard Output Messages):\s*$/;
const ASSERTION =
  /^\s*(?:Xunit\.Sdk\.\w+Exception\b|NUnit\.Framework\.\w+Exception\b|Assert\.\w+(?:\(\))? failed\b|Expected: .+ But was: )/i;
const BUILD_ERROR = /:\s*error (?:CS|MSB|NU|NETSDK|FS|BC)\d+:/;
const PROJECT = /\s+\[[^\]]+\.(?:cs|fs|vb)proj(?:::[^\]]*)?\]\s*$/;

const clean = (line: string): string => line.replace(PROJECT, '').trim();

function failedTest(lines: readonly string[]): ExcerptBlock | undefined {
  const at = indexFrom(lines, FAILED_TEST);
  if (at < 0) return undefined;
  const header = (lines[at] ?? '').trim();
  const body = readable(until(lines, at + 1, TEST_END, 20)).filter((line) => !LABEL.test(line));
  const names: string[] = [];
  for (let i = indexFrom(lines, FAILED_TEST, at + 1); i >= 0; i = indexFrom(lines, FAILED_TEST, i + 1)) {
    const name = FAILED_TEST.exec(lines[i] ?? '')?.[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  const message = body.find((line) => !/^\s*at\s/.test(line))?.trim();
  return {
    lines: [header, ...body],
    primary: message ?? header,
    others: { noun: 'failing tests', names },
  };
}

function assertion(lines: readonly string[]): ExcerptBlock | undefined {
  const at = indexFrom(lines, ASSERTION);
  if (at < 0) return undefined;
  const body = readable(until(lines, at, TEST_END, 12));
  return { lines: body, primary: (lines[at] ?? '').trim() };
}

function buildError(lines: readonly string[]): ExcerptBlock | undefined {
  const at = indexFrom(lines, BUILD_ERROR);
  if (at < 0) return undefined;
  const first = clean(lines[at] ?? '');
  const names: string[] = [];
  for (let i = indexFrom(lines, BUILD_ERROR, at + 1); i >= 0; i = indexFrom(lines, BUILD_ERROR, i + 1)) {
    const other = clean(lines[i] ?? '');
    const where = /^(.*?):\s*error (\w+\d+):/.exec(other);
    const name = where ? `${where[1]} ${where[2]}` : other;
    if (other !== first && !names.includes(name)) names.push(name);
  }
  return { lines: [first], primary: first, others: { noun: 'errors', names } };
}

export const dotnetRule: ExcerptRule = {
  name: 'dotnet',
  find: (lines) => failedTest(lines) ?? assertion(lines) ?? buildError(lines),
};
