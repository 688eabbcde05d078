/** Why a job's log or annotations could not be read: said plainly, never thrown. */
export type LogUnavailable = 'expired' | 'not found' | 'forbidden' | 'unreachable';

export type JobLogRead =
  | {
      readonly ok: true;
      /** The last lines of the log, at most the bytes asked for. */
      readonly text: string;
      /** The log was longer: its start is not in `text`. */
      readonly cut: boolean;
    }
  | { readonly ok: false; readonly unavailable: LogUnavailable };

export type AnnotationsRead =
  | { readonly ok: true; readonly messages: readonly string[] }
  | { readonly ok: false; readonly unavailable: LogUnavailable };

/**
 * A failed job's own words: the tail of its log and its failure annotations. Never throws: a log
 * that cannot be read is a reason, so nothing waiting for it is ever held back.
 */
export interface JobLogs {
  /** The tail of the job's log, bounded by `maxBytes` (and a few hundred lines). */
  tail(repo: string, jobId: number, maxBytes: number): Promise<JobLogRead>;
  /** Failure annotations that say more than "Process completed with exit code N". */
  failureAnnotations(repo: string, jobId: number): Promise<AnnotationsRead>;
}
