import type { Octokit } from '@octokit/rest';
import type { CiProvider } from '../../app/ports.js';
import type { JobInfo, RunInfo, WatchRef } from '../../domain/types.js';
import { commitRange } from './commit-range.js';

/** Enough runs to find the head's latest one even when a few other branches' pushes interleave. */
const RUNS_PER_PAGE = 30;
const FAILED_STEP_CONCLUSIONS: ReadonlySet<string> = new Set(['failure', 'timed_out']);

function split(repo: string): { owner: string; repo: string } {
  const [owner = '', name = ''] = repo.split('/');
  return { owner, repo: name };
}

/** GitHub Actions through Octokit. Every GET is conditional (see etag-cache.ts). */
export function createGitHubCi(octokit: Octokit): CiProvider {
  return {
    async defaultBranch(repo) {
      const { data } = await octokit.rest.repos.get(split(repo));
      return data.default_branch;
    },

    async listCompletedRuns(watch: WatchRef): Promise<RunInfo[]> {
      // All statuses, not just completed: a run being re-run leaves the completed list, and an
      // older commit's result must not stand in for it (see ciSignal).
      const { data } = await octokit.rest.actions.listWorkflowRuns({
        ...split(watch.repo),
        workflow_id: watch.workflow,
        branch: watch.branch,
        per_page: RUNS_PER_PAGE,
        exclude_pull_requests: true,
      });
      return data.workflow_runs.map((run) => ({
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
    },

    async listJobs(repo, runId, attempt): Promise<JobInfo[]> {
      // Every page: a matrix build can have hundreds of jobs, 100 a page at most.
      const jobs = await octokit.paginate(octokit.rest.actions.listJobsForWorkflowRunAttempt, {
        ...split(repo),
        run_id: runId,
        attempt_number: attempt,
        per_page: 100,
      });
      return jobs.map((job) => ({
        name: job.name,
        conclusion: job.conclusion,
        url: job.html_url ?? '',
        failedSteps: (job.steps ?? [])
          .filter((step) => step.conclusion !== null && FAILED_STEP_CONCLUSIONS.has(step.conclusion))
          .map((step) => step.name),
      }));
    },

    commitRange(repo, base, head, limit) {
      return commitRange(octokit, split(repo), base, head, limit);
    },

    async rerunFailedJobs(repo, runId) {
      await octokit.rest.actions.reRunWorkflowFailedJobs({ ...split(repo), run_id: runId });
    },
  };
}
