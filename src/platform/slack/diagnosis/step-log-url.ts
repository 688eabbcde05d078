import type { JobInfo } from '../../../core/domain/types.js';

/**
 * Where a failing job's log opens at its failed step: `<host>/<repo>/actions/runs/<run>/job/<job>
 * #step:<number>:1`, on the host of the job's own link (GitHub Enterprise has others). The job's
 * own link when the step's number, the job's ID or a host is not known.
 */
export function stepLogUrl(job: JobInfo, repo: string, runId: number): string {
  const host = /^https?:\/\/[^/?#]+/i.exec(job.url)?.[0];
  const step = job.failedStepNumber;
  if (host === undefined || step === undefined || job.id === undefined) return job.url;
  return `${host}/${repo}/actions/runs/${runId}/job/${job.id}#step:${step}:1`;
}
