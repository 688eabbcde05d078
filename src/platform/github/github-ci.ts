import type { Octokit } from '@octokit/rest';
import type { JobInfo, WatchRef } from '../../core/domain/types.js';
import type { CiProvider, RunPage } from '../../core/ports.js';
import { commitRange } from './commit-range.js';
import { LANE_OPTION } from './request-gate.js';
import type { PacerLane } from './request-pacer.js';
import { splitRepo } from './split-repo.js';

/** GitHub's default page size: one cached page covers a quiet branch's recent history. */
const RUNS_PER_PAGE = 30;
const FAILED_STEP_CONCLUSIONS: ReadonlySet<string> = new Set(['failure', 'timed_out']);

/**
 * GitHub Actions through Octokit. Every GET is conditional (see etag-cache.ts). `lane` is the
 * pacer's lane of its reads (request-pacer.ts): `polling` for the cron cycle's looks, which wait
 * behind webhook checks and people's requests.
 */
export function createGitHubCi(octokit: Octokit, lane: PacerLane = 'first'): CiProvider {
  const paced = { request: { [LANE_OPTION]: lane } };
  return {
    async defaultBranch(repo) {
      const { data } = await octokit.rest.repos.get({ ...splitRepo(repo), ...paced });
      return data.default_branch;
    },

    async listRuns(watch: WatchRef, page: number): Promise<RunPage> {
      // All statuses, not just completed: a run being re-run leaves the completed list, and an
      // older commit's result must not stand in for it (see ciSignal). Page 1 is asked without a
      // `page` parameter so an idle watch keeps hitting one cached URL (answered 304, free).
      const { data, headers } = await octokit.rest.actions.listWorkflowRuns({
        ...splitRepo(watch.repo),
        workflow_id: watch.workflow,
        branch: watch.branch,
        per_page: RUNS_PER_PAGE,
        ...(page > 1 ? { page } : {}),
        exclude_pull_requests: true,
        ...paced,
      });
      // https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api:
      // a further page exists exactly when the Link header has rel="next".
      const more = /rel="next"/.test(headers.link ?? '');
      const runs = data.workflow_runs.map((run) => ({
        id: run.id,
        headSha: run.head_sha,
        attempt: run.run_attempt ?? 1,
        status: run.status ?? 'unknown',
        conclusion: run.conclusion,
        event: run.event,
        createdAt: run.created_at,
        updatedAt: run.updated_at,
        url: run.html_url,
      }));
      return { runs, more };
    },

    async listJobs(repo, runId, attempt): Promise<JobInfo[]> {
      // Every page: a matrix build can have hundreds of jobs, 100 a page at most.
      const jobs = await octokit.paginate(octokit.rest.actions.listJobsForWorkflowRunAttempt, {
        ...splitRepo(repo),
        run_id: runId,
        attempt_number: attempt,
        per_page: 100,
        ...paced,
      });
      return jobs.map((job) => {
        const failed = (job.steps ?? []).filter(
          (step) => step.conclusion !== null && FAILED_STEP_CONCLUSIONS.has(step.conclusion),
        );
        const number = failed[0]?.number;
        return {
          id: job.id,
          name: job.name,
          conclusion: job.conclusion,
          url: job.html_url ?? '',
          failedSteps: failed.map((step) => step.name),
          // steps[].number: what GitHub's log page anchors a step by (#step:<number>:1).
          ...(number !== undefined && Number.isInteger(number) && number > 0
            ? { failedStepNumber: number }
            : {}),
        };
      });
    },

    commitRange(repo, base, head, limit) {
      return commitRange(octokit, splitRepo(repo), base, head, limit);
    },

    async rerunFailedJobs(repo, runId) {
      await octokit.rest.actions.reRunWorkflowFailedJobs({ ...splitRepo(repo), run_id: runId });
    },
  };
}
