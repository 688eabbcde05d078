import type { Octokit } from '@octokit/rest';
import type { AnnotationsRead, JobLogRead, JobLogs, LogUnavailable } from '../../core/ports.js';
import { isGenericError } from '../../diagnosis/domain/log-excerpt.js';
import { readTail } from './read-tail.js';
import { splitRepo } from './split-repo.js';

export interface JobLogsOptions {
  /** Fetches the log from the short-lived URL GitHub redirects to; it takes no GitHub token. */
  readonly fetch?: typeof fetch;
  /** Lines kept from the end of the log. */
  readonly maxLines?: number;
  /** Deadline for reading the log itself. */
  readonly timeoutMs?: number;
}

/**
 * Job logs through Octokit: the API answers 302 to a URL valid for about a minute
 * (https://docs.github.com/en/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-job).
 * The redirect is not followed by Octokit, which would hold the whole body; the tail is read here
 * with a bound. Every failure is answered as a reason, never thrown.
 */
export function createJobLogs(octokit: Octokit, options: JobLogsOptions = {}): JobLogs {
  const fetchLog = options.fetch ?? fetch;
  return {
    async tail(repo, jobId, maxBytes): Promise<JobLogRead> {
      let location: string | undefined;
      try {
        const response = await octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
          ...splitRepo(repo),
          job_id: jobId,
          request: { redirect: 'manual' },
        });
        location = typeof response.headers.location === 'string' ? response.headers.location : undefined;
      } catch (error) {
        return { ok: false, unavailable: unavailableFrom(error) };
      }
      if (!location) return { ok: false, unavailable: 'not found' };
      return readTail(fetchLog, location, {
        maxBytes,
        maxLines: options.maxLines ?? 500,
        timeoutMs: options.timeoutMs ?? 15_000,
      });
    },

    async failureAnnotations(repo, jobId): Promise<AnnotationsRead> {
      try {
        const { data } = await octokit.rest.checks.listAnnotations({
          ...splitRepo(repo),
          check_run_id: jobId,
          per_page: 50,
        });
        const messages = data
          .filter((a) => a.annotation_level === 'failure' && a.message && !isGenericError(a.message))
          .map((a) => a.message ?? '');
        return { ok: true, messages };
      } catch (error) {
        return { ok: false, unavailable: unavailableFrom(error) };
      }
    },
  };
}

function unavailableFrom(error: unknown): LogUnavailable {
  const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  if (status === 410) return 'expired';
  if (status === 404) return 'not found';
  if (status === 401 || status === 403) return 'forbidden';
  return 'unreachable';
}
