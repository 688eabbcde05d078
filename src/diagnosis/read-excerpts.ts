import type { JobInfo } from '../core/domain/types.js';
import type { JobLogs } from '../core/ports.js';
import { withDeadline } from '../core/with-deadline.js';
import { buildJobExcerpt, type ExcerptUnavailable, type JobExcerpt } from './domain/job-excerpt.js';

/** How many failing jobs' logs are read; the rest are listed without lines. */
export const EXCERPT_JOBS = 3;
/** The tail read of each log: ~500 lines of a chatty test runner. */
const TAIL_BYTES = 64 * 1024;
/** The most an incident waits for all its logs together; a slow log host costs it no more. */
export const EXCERPT_DEADLINE_MS = 8_000;

class TimedOut extends Error {}

async function readOne(logs: JobLogs, repo: string, job: JobInfo, id: number): Promise<JobExcerpt> {
  const step = job.failedSteps[0];
  const [tail, annotations] = await Promise.all([
    logs.tail(repo, id, TAIL_BYTES),
    logs.failureAnnotations(repo, id),
  ]);
  const unavailable: ExcerptUnavailable | undefined = tail.ok ? undefined : tail.unavailable;
  return buildJobExcerpt({
    jobName: job.name,
    ...(step === undefined ? {} : { step }),
    ...(tail.ok ? { log: tail.text } : {}),
    annotations: annotations.ok ? annotations.messages : [],
    ...(unavailable === undefined ? {} : { unavailable }),
  });
}

/**
 * The failing jobs with the error lines of the first EXCERPT_JOBS (those with an ID), read in
 * parallel within one deadline. Never throws and never waits past the deadline: a log that cannot
 * be read, or is not read in time, is a reason on its job.
 */
export async function readExcerpts(
  logs: JobLogs,
  repo: string,
  jobs: readonly JobInfo[],
  deadlineMs = EXCERPT_DEADLINE_MS,
): Promise<JobInfo[]> {
  const reads = jobs.map((job, index) => {
    if (index >= EXCERPT_JOBS || job.id === undefined) return Promise.resolve(undefined);
    const read = readOne(logs, repo, job, job.id).catch((): JobExcerpt => ({ unavailable: 'unreachable' }));
    return withDeadline(read, deadlineMs, () => new TimedOut()).catch(
      (): JobExcerpt => ({ unavailable: 'timed out' }),
    );
  });
  const excerpts = await Promise.all(reads);
  return jobs.map((job, index) => {
    const excerpt = excerpts[index];
    return excerpt === undefined ? job : { ...job, excerpt };
  });
}
