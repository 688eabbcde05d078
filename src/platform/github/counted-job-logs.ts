import type { JobLogs } from '../../core/ports.js';

/** The job logs port, each tail read counted by how it ended (`ok`, or why it was unavailable, or `error` if it threw). */
export function countedJobLogs(logs: JobLogs, count: (outcome: string) => void): JobLogs {
  return {
    async tail(repo, jobId, maxBytes) {
      try {
        const read = await logs.tail(repo, jobId, maxBytes);
        count(read.ok ? 'ok' : read.unavailable);
        return read;
      } catch (error) {
        count('error');
        throw error;
      }
    },
    failureAnnotations: (repo, jobId) => logs.failureAnnotations(repo, jobId),
  };
}
