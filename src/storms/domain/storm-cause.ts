// What makes two reds "one cause": the primary error line alone, volatile parts masked.
//
// The failure fingerprint (diagnosis/domain/fingerprint.ts) hashes the job name with the line, so
// the same registry outage in `build` of one repo and `test (node 20)` of another would never
// match. Across watches the job names differ by nature; the error line is what they share. So a
// storm's cause is the normalised line only, hashed: `npm ERR! 503 Service Unavailable` is one
// cause in every repo, and two different lines are two causes, whatever the jobs are called.

import { createHash } from 'node:crypto';
import type { JobInfo } from '../../core/domain/types.js';
import { normaliseErrorLine } from '../../diagnosis/domain/fingerprint.js';

/** A red's cause: the hash that groups, the line people read, and the job's own fingerprint. */
export interface StormCause {
  /** 16 hex digits of sha256 over the normalised primary error line. */
  readonly cause: string;
  /** The primary error line as the first job showed it (masked of secrets, not of numbers). */
  readonly line: string;
  /** The job's failure fingerprint (job name + line), for remembering a split pair. */
  readonly fingerprint: string;
}

/** The cause hash of one error line: the same line with other numbers, times, hosts is the same. */
export function causeFingerprint(line: string): string {
  return createHash('sha256').update(normaliseErrorLine(line)).digest('hex').slice(0, 16);
}

/**
 * The cause of a red, from its first failing job whose error lines were read; undefined when no
 * job's lines could be read (such a red is never grouped: no cause, no storm).
 */
export function stormCauseOf(jobs: readonly JobInfo[]): StormCause | undefined {
  for (const job of jobs) {
    const excerpt = job.excerpt;
    if (excerpt === undefined || 'unavailable' in excerpt) continue;
    if (normaliseErrorLine(excerpt.primary) === '') continue;
    return {
      cause: causeFingerprint(excerpt.primary),
      line: excerpt.primary,
      fingerprint: excerpt.fingerprint,
    };
  }
  return undefined;
}
