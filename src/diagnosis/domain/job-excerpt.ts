// What an incident keeps of a failed job's own words: a few error lines and their fingerprint, or
// why they could not be read. Pure: the log tail and annotations come in, one excerpt goes out.

import { fingerprint } from './fingerprint.js';
import { extractLogExcerpt, MAX_EXCERPT_CHARS, MAX_EXCERPT_LINES } from './log-excerpt.js';
import { maskSecrets } from './mask-secrets.js';

/** Why a job's error lines are not shown: the log's own reason, a deadline, or nothing in it. */
export type ExcerptUnavailable =
  | 'expired'
  | 'not found'
  | 'forbidden'
  | 'unreachable'
  | 'timed out'
  | 'empty';

export type JobExcerpt =
  | {
      /** Clean lines (no timestamps, no ANSI codes, secrets masked), at most 10 and 1,500 characters. */
      readonly lines: readonly string[];
      /** The line that names the failure best. */
      readonly primary: string;
      /** The failed step the lines come from, when known. */
      readonly step?: string;
      /** The job name and primary line with volatile parts masked, hashed (see fingerprint.ts). */
      readonly fingerprint: string;
    }
  | { readonly unavailable: ExcerptUnavailable };

export interface ExcerptSource {
  readonly jobName: string;
  readonly step?: string;
  /** The log's tail, when it could be read. */
  readonly log?: string;
  /** Failure annotations that say more than the exit code. */
  readonly annotations: readonly string[];
  /** Why the log could not be read, when it could not. */
  readonly unavailable?: ExcerptUnavailable;
}

function boundLines(messages: readonly string[]): string[] {
  const lines: string[] = [];
  let chars = 0;
  for (const line of messages.flatMap((message) => message.split('\n'))) {
    const text = maskSecrets(line.trimEnd());
    if (text.trim() === '') continue;
    if (lines.length >= MAX_EXCERPT_LINES || chars + text.length > MAX_EXCERPT_CHARS) break;
    lines.push(text);
    chars += text.length + 1;
  }
  return lines;
}

/**
 * The log's specific `##[error]` first; else annotations that say more than an exit code (a test
 * reporter's or a compiler's own words); else the lines around a generic error or the step's tail.
 */
export function buildJobExcerpt(source: ExcerptSource): JobExcerpt {
  const fromLog = source.log === undefined ? undefined : extractLogExcerpt(source.log, source.step);
  const step = source.step === undefined ? {} : { step: source.step };
  const annotated = boundLines(source.annotations);
  const first = annotated[0];
  if (fromLog?.kind !== 'error' && first !== undefined) {
    return { lines: annotated, primary: first, ...step, fingerprint: fingerprint(source.jobName, first) };
  }
  if (fromLog !== undefined && fromLog.lines.length > 0) {
    return {
      lines: fromLog.lines,
      primary: fromLog.primary,
      ...step,
      fingerprint: fingerprint(source.jobName, fromLog.primary),
    };
  }
  return { unavailable: source.unavailable ?? 'empty' };
}

/** The fingerprint of an excerpt that has lines. */
export function fingerprintOf(excerpt: JobExcerpt | undefined): string | undefined {
  return excerpt !== undefined && 'fingerprint' in excerpt ? excerpt.fingerprint : undefined;
}
