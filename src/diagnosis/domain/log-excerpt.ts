// The first meaningful error of a failed step, out of the tail of a GitHub Actions job log.
// Pure: the log text comes in, a few clean lines go out.

import type { ExcerptBlock } from './excerpt-rules/excerpt-rule.js';
import { EXCERPT_RULES } from './excerpt-rules/excerpt-rules.js';
import { renderBlock } from './excerpt-rules/render-block.js';
import { maskSecrets } from './mask-secrets.js';
import { type LogLine, parseLogLines } from './parse-log-lines.js';

export const MAX_EXCERPT_LINES = 10;
export const MAX_EXCERPT_CHARS = 1_500;
/** Lines kept before a specific `##[error]` (a generic one takes as many as fit). */
const CONTEXT_BEFORE = 3;
const MAX_LINE_CHARS = 400;

export interface LogExcerpt {
  /** Clean lines: no timestamps, no ANSI codes, secrets masked. */
  readonly lines: readonly string[];
  /** The one line that names the failure best: what fingerprints are made of. */
  readonly primary: string;
  /**
   * `error`: the block an ecosystem rule recognised, or a `##[error]` that says what went wrong; `context`: a generic one ("Process completed
   * with exit code 1.", "The operation was canceled.") and the lines above it; `tail`: no
   * `##[error]` at all (a runner that vanished mid-step), the last lines of the step.
   */
  readonly kind: 'error' | 'context' | 'tail';
  /** Lines or characters were left out to stay within the bounds. */
  readonly cut: boolean;
}

const GENERIC_ERRORS = [
  /^Process completed with exit code \d+\.?$/,
  /^The process '[^']*' failed with exit code \d+$/,
  /^The operation was canceled\.?$/,
];
/** Lines that never explain a failure: runner chatter, gradle's advice, separators. */
const NOISE = [
  /^Post job cleanup\.$/,
  /^Cleaning up orphan processes$/,
  /^Terminate orphan process:/,
  /^\[command\]/,
  /^\* Try:$/,
  /^> (?:Run with --|Get more help at )/,
  /^-- Docs: https?:\/\//,
  /^[\s\p{P}\p{S}]*$/u,
  // A heading between separators: `=== short test summary info ===`, `⎯⎯ Failed Tests 1 ⎯⎯`.
  /^[\s=_⎯─-]{3,}.*[=_⎯─-]{3,}$/,
  /^[=_⎯─-]{3,}[^\p{L}]*$/u,
  // What passed, and timings: never the reason a step failed.
  /^ok\s+\S+\s+[\d.]+s\b/,
  /^\?\s+\S+\s+\[no test files\]$/,
  /^test .+ \.\.\. ok$/,
  /^test result: ok\./,
  /^(?:\S+\s+)?coverage: [\d.]+% of statements$/,
  /^(?:Start at|Duration)\s/,
];
/** Lines that name a failure, best first when several are near a generic error. */
const FAILURE_LINE =
  /^E\s{2,}\S|^FAILED\s|^(?:--- )?FAIL\b|^e: |\berror\b|panicked at|exception|assert|fatal|denied/i;

export function isGenericError(message: string): boolean {
  return GENERIC_ERRORS.some((pattern) => pattern.test(message.trim()));
}

/**
 * The first meaningful error of the failed step in `log` (the tail of a job log as GitHub serves
 * it), or undefined when the log holds nothing to show. `failedStep` is the step's name as the jobs
 * API reports it; when its `##[group]` header can be found, nothing before it is looked at.
 */
export function extractLogExcerpt(log: string, failedStep?: string): LogExcerpt | undefined {
  const all = parseLogLines(log);
  const lines = all.slice(stepStart(all, failedStep));
  const fromRule = ruleExcerpt(lines);
  if (fromRule !== undefined) return fromRule;
  const errors = lines.flatMap((line, index) => (line.error ? [index] : []));
  const specific = errors.find((index) => !isGenericError(lines[index]?.text ?? ''));
  const anchor = specific ?? errors[0];
  if (anchor === undefined) return tailExcerpt(lines);
  const message = errorMessage(lines, anchor);
  const generic = specific === undefined;
  const room = MAX_EXCERPT_LINES - message.length;
  const before = meaningfulBefore(
    lines,
    anchor,
    generic ? room : Math.min(CONTEXT_BEFORE, room),
    new Set(message.map((text) => text.trim())),
  );
  const exitOnly = generic && !/canceled/.test(message[0] ?? '');
  const primary = exitOnly ? (pickPrimary(before) ?? message[0] ?? '') : (message[0] ?? '');
  return bound([...before, ...message], before.length, generic ? 'context' : 'error', primary);
}

/** The block an ecosystem rule finds in the step's output, when one recognises it. */
function ruleExcerpt(lines: readonly LogLine[]): LogExcerpt | undefined {
  // The step's output ends at the runner's generic error ("Process completed with exit code 1."):
  // after it come the post-job steps' chatter, never part of a failure's block, and the runner's
  // own specific errors (a shutdown signal), which are kept.
  const end = lines.findIndex((line) => line.error && isGenericError(line.text));
  const after =
    end < 0 ? [] : lines.slice(end + 1).filter((line) => line.error && !isGenericError(line.text));
  const step = end < 0 ? lines : [...lines.slice(0, end), ...after];
  const output = step.filter((line) => !line.header && !line.marker).map((line) => line.text);
  for (const rule of EXCERPT_RULES) {
    const block = rule.find(output);
    if (block === undefined || block.lines.length === 0) continue;
    const bounds = { maxLines: MAX_EXCERPT_LINES, maxChars: MAX_EXCERPT_CHARS, maxLineChars: MAX_LINE_CHARS };
    const { lines: shown, cut } = renderBlock(block, bounds, maskSecrets);
    return { lines: shown, primary: maskSecrets(primaryOf(block)), kind: 'error', cut };
  }
  return undefined;
}

/**
 * The block's primary line, prefixed with the test or file it is about when it does not name it:
 * `expect(received).toBe(expected)` alone would make every Jest failure of a job one fingerprint.
 */
function primaryOf(block: ExcerptBlock): string {
  const title = block.title?.trim();
  return title === undefined || block.primary.includes(title) ? block.primary : `${title} · ${block.primary}`;
}

/** The index of the failed step's `##[group]` header, or 0 when it cannot be found. */
function stepStart(lines: readonly LogLine[], failedStep: string | undefined): number {
  if (!failedStep) return 0;
  const titles = new Set([failedStep, `Run ${failedStep}`]);
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const text = lines[i]?.text ?? '';
    if (text.startsWith('##[group]') && titles.has(text.slice('##[group]'.length).trim())) return i;
  }
  return 0;
}

/** The `##[error]` message: its own line and its continuation lines, blank runs collapsed. */
function errorMessage(lines: readonly LogLine[], anchor: number): string[] {
  const message = [lines[anchor]?.text ?? ''];
  for (let i = anchor + 1; lines[i]?.continuation; i += 1) {
    const text = lines[i]?.text ?? '';
    if (text.trim() === '' && message.at(-1)?.trim() === '') continue;
    message.push(text);
  }
  while (message.length > 1 && message.at(-1)?.trim() === '') message.pop();
  return message;
}

/** Up to `count` lines above `anchor` worth reading, skipping those the error message repeats. */
function meaningfulBefore(
  lines: readonly LogLine[],
  anchor: number,
  count: number,
  repeated: ReadonlySet<string> = new Set(),
): string[] {
  const picked: string[] = [];
  for (let i = anchor - 1; i >= 0 && picked.length < count; i -= 1) {
    const line = lines[i];
    if (!line || line.marker || line.header || line.error || line.continuation) continue;
    const text = line.text.trim();
    if (repeated.has(text) || NOISE.some((pattern) => pattern.test(text))) continue;
    picked.unshift(line.text);
  }
  return picked;
}

/** Among the lines above a generic error, the first that names a failure, else the last line. */
function pickPrimary(before: readonly string[]): string | undefined {
  return (before.find((text) => FAILURE_LINE.test(text.trim())) ?? before.at(-1))?.trim();
}

function tailExcerpt(lines: readonly LogLine[]): LogExcerpt | undefined {
  const picked = meaningfulBefore(lines, lines.length, MAX_EXCERPT_LINES);
  if (picked.length === 0) return undefined;
  return bound(picked, picked.length, 'tail', pickPrimary(picked) ?? '');
}

/** Masks secrets, then drops leading context and shortens lines until both bounds hold. */
function bound(
  raw: readonly string[],
  contextCount: number,
  kind: LogExcerpt['kind'],
  primary: string,
): LogExcerpt {
  let cut = false;
  let lines = raw.map((text) => {
    const masked = maskSecrets(text);
    if (masked.length <= MAX_LINE_CHARS) return masked;
    cut = true;
    return `${masked.slice(0, MAX_LINE_CHARS - 1)}…`;
  });
  let context = contextCount;
  while (lines.length > MAX_EXCERPT_LINES || (context > 0 && length(lines) > MAX_EXCERPT_CHARS)) {
    lines = lines.slice(1);
    context = Math.max(context - 1, 0);
    cut = true;
  }
  while (length(lines) > MAX_EXCERPT_CHARS && lines.length > 1) {
    lines = lines.slice(0, -1);
    cut = true;
  }
  const only = lines[0] ?? '';
  if (length(lines) > MAX_EXCERPT_CHARS) lines = [`${only.slice(0, MAX_EXCERPT_CHARS - 1)}…`];
  return { lines, primary: maskSecrets(primary), kind, cut };
}

const length = (lines: readonly string[]): number => lines.join('\n').length;
