import type { WatchTarget } from '../ci/index.js';
import { classifyFailure } from '../core/classify-failure.js';
import { type GitHubRefusal, githubRefusal } from '../core/github-refusal.js';
import type { CiProvider, Clock, FixForge, Log, PullInfo } from '../core/ports.js';
import { shortSha } from '../diagnosis/domain/culprit.js';
import type { Incident } from '../incidents/domain/incident.js';
import type { FixSettings } from './domain/fix-settings.js';
import type { FixPlan, FixTask, GitHubRef } from './domain/fix-task.js';
import type { FixTaskEvent } from './domain/fix-task-event.js';
import { type RevertFacts, revertRefusal, revertsCommit } from './domain/revert-ladder.js';

/** GitHub lets one workflow run be re-run at most 50 times. */
export const MAX_RUN_ATTEMPTS = 50;

export type { FixSettings };

export interface RemedyDeps {
  readonly ci: CiProvider;
  readonly forge: FixForge;
  readonly log: Log;
  readonly clock: Clock;
}

/** The token permission each strategy's write needs, for a 403's message (see README). */
const PERMISSION: Readonly<Record<FixPlan['strategy'], string>> = {
  rerun: 'Actions: write',
  revert: 'Contents: write and Pull requests: write',
  dispatch: 'Actions: write',
  issue: 'Issues: write',
};

const WHAT: Readonly<Record<FixPlan['strategy'], string>> = {
  rerun: 're-run the failed jobs',
  revert: 'open the revert pull request',
  dispatch: 'dispatch the fix workflow',
  issue: 'open the issue',
};

/** A 403 or 429 in words people can act on, by what GitHub said (see github-refusal.ts). */
function refusalReason(task: FixTask, refusal: GitHubRefusal): string {
  const refused = `GitHub refused to ${WHAT[task.strategy]}`;
  const permission = PERMISSION[task.strategy];
  switch (refusal.kind) {
    case 'rate-limited': {
      const wait = refusal.retryAfterS === undefined ? '' : `, retry after ${refusal.retryAfterS} s`;
      const limit = refusal.secondary ? 'a secondary rate limit' : 'the API rate limit';
      return `${refused}: it hit ${limit}${wait}; approve a new task later`;
    }
    case 'already-running':
      return `${refused}: the run is already being re-run; its result decides, so wait for it`;
    case 'no-permission':
      return `${refused} (403): the token needs ${permission} on this repo`;
    case 'forbidden':
      return `${refused} (403) without saying why (see the logs); the token may need ${permission}, or a rule of the repo forbids it`;
  }
}

/** A GitHub refusal of a remedy's write as a task's failure reason: the status, never raw text. */
export function remedyFailure(deps: { log: Log }, task: FixTask, error: unknown): FixTaskEvent {
  const { cause } = classifyFailure(error);
  deps.log.warn({ err: error, task: task.id, cause }, 'Fix task remedy refused by GitHub');
  const what = WHAT[task.strategy];
  const refusal = githubRefusal(error);
  if (refusal !== undefined) return { type: 'failed', reason: refusalReason(task, refusal) };
  if (task.strategy === 'dispatch' && (cause === 'http 404' || cause === 'http 422')) {
    return {
      type: 'failed',
      reason: `GitHub could not dispatch the fix workflow (${cause}): check that it exists on the branch and declares the inputs in the README`,
    };
  }
  return { type: 'failed', reason: `GitHub could not ${what} (${cause})` };
}

/**
 * The facts the revert safety ladder needs about an incident's suspect, read from GitHub: its
 * message and date, any later commit on the branch reverting it, and the merged pull request that
 * brought it in. Only read when there is exactly one suspect.
 */
export async function readRevertFacts(
  forge: FixForge,
  target: WatchTarget,
  incident: Incident,
): Promise<{ readonly facts: RevertFacts; readonly pull?: PullInfo }> {
  const suspectCount = incident.suspects.length + incident.suspectsOmitted;
  const recovered = incident.status !== 'open';
  const only = incident.suspects[0];
  if (suspectCount !== 1 || only === undefined) return { facts: { recovered, suspectCount } };
  const { repo, branch } = target.watch;
  const commit = await forge.commit(repo, only.sha);
  // GitHub may list several (one merged into a release branch, one into the watched branch): only
  // a pull request into the watched branch brought the suspect in there.
  const pulls = (await forge.pullsOfCommit(repo, only.sha)).filter((p) => p.merged && p.baseRef === branch);
  const pull = pulls.find((p) => p.mergeCommitSha === only.sha) ?? pulls[0];
  const later = await forge.commitsSince(repo, branch, commit.date, 100);
  // git revert writes "This reverts commit <sha>."; GitHub's Revert button "Reverts owner/repo#N".
  const revertedBy = later.find(
    (c) =>
      c.sha !== only.sha &&
      (revertsCommit(c.message, only.sha) ||
        (pull !== undefined && c.message.includes(`Reverts ${repo}#${pull.number}`))),
  )?.sha;
  const facts: RevertFacts = {
    recovered,
    suspectCount,
    suspect: { sha: only.sha, message: commit.message, committedAt: Date.parse(commit.date) },
    ...(revertedBy === undefined ? {} : { revertedBy }),
    ...(pull === undefined ? {} : { pull: { number: pull.number } }),
  };
  return { facts, ...(pull === undefined ? {} : { pull }) };
}

/** The inputs a dispatched fix workflow receives (declared in its `workflow_dispatch.inputs`). */
export function dispatchInputs(task: FixTask, target: WatchTarget): Record<string, string> {
  return {
    task_id: task.id,
    incident_id: task.incidentId,
    run_id: String(task.plan.run.id),
    head_sha: task.plan.headSha,
    branch: target.watch.branch,
  };
}

/** The issue an `issue` task opens: the failure digest, and the task ID a fix PR should name. */
export function issueText(task: FixTask, incident: Incident): { title: string; body: string } {
  const { repo, workflow, branch } = incident.watch;
  const jobs = incident.failingJobs.filter((job) => job.conclusion !== 'success');
  const title = `CI is red on ${branch}: ${
    jobs
      .map((job) => job.name)
      .slice(0, 3)
      .join(', ') || workflow
  }`;
  const lines = [
    `Overseer fix task ${task.id}: CI (\`${workflow}\`) on \`${branch}\` of ${repo} is red since ${shortSha(incident.firstRedSha)}.`,
    '',
    `Failing run: ${incident.run.url}`,
    '',
    '## Failing jobs',
    ...jobs.map((job) => {
      const steps = job.failedSteps.length > 0 ? ` (steps: ${job.failedSteps.join(', ')})` : '';
      return `- [${job.name}](${job.url})${steps}`;
    }),
    '',
    '## Suspected commits',
    ...incident.suspects.map(
      (s) => `- ${s.sha} ${s.title} (${s.authorLogin ? `@${s.authorLogin}` : s.authorName})`,
    ),
    ...(incident.suspectsOmitted > 0 ? [`- and ${incident.suspectsOmitted} more`] : []),
    '',
    `A pull request that fixes this should say \`Fixes #<this issue>\` or name ${task.id} in its branch or body, so Overseer can follow it to a merge approval.`,
  ];
  return { title, body: lines.join('\n') };
}

/**
 * Starts an approved task's remedy on GitHub and answers the events that record what happened:
 * `remedy-started` (and `pr-opened` for a revert, whose pull request exists at once), or `failed`
 * with a reason people can act on. Never throws for a GitHub refusal.
 */
export async function startRemedy(
  deps: RemedyDeps,
  target: WatchTarget,
  task: FixTask,
  incident: Incident,
): Promise<FixTaskEvent[]> {
  const { plan } = task;
  const repo = target.watch.repo;
  try {
    switch (plan.strategy) {
      case 'rerun': {
        if (plan.run.attempt >= MAX_RUN_ATTEMPTS) {
          const reason = `GitHub allows at most ${MAX_RUN_ATTEMPTS} re-runs of one run, and run #${plan.run.id} has had them`;
          return [{ type: 'failed', reason }];
        }
        await deps.ci.rerunFailedJobs(repo, plan.run.id);
        return [{ type: 'remedy-started', attempt: plan.run.attempt + 1 }];
      }
      case 'revert': {
        // Checked again at start: time passed since the proposal, and CI may have recovered.
        const read = await readRevertFacts(deps.forge, target, incident);
        const refusal = revertRefusal(read.facts, deps.clock.now());
        if (refusal !== undefined) return [{ type: 'failed', reason: refusal }];
        if (read.pull === undefined)
          return [{ type: 'failed', reason: 'the pull request to revert was not found' }];
        const revert = await deps.forge.revertPull(repo, read.pull, {
          title: `Revert "${read.pull.title}"`,
          body: `Reverts ${repo}#${read.pull.number}: CI on \`${target.watch.branch}\` is red since it (${incident.run.url}).\n\nOpened by Overseer for fix task ${task.id}, approved in Slack. Merging is for a person to decide.`,
        });
        const pr: GitHubRef = { number: revert.number, url: revert.url };
        return [{ type: 'remedy-started' }, { type: 'pr-opened', pr }];
      }
      case 'dispatch': {
        await deps.forge.dispatchWorkflow(
          repo,
          plan.workflow,
          target.watch.branch,
          dispatchInputs(task, target),
        );
        return [{ type: 'remedy-started' }];
      }
      case 'issue': {
        const text = issueText(task, incident);
        const issue = await deps.forge.createIssue(repo, {
          ...text,
          ...(plan.assignee === undefined ? {} : { assignees: [plan.assignee] }),
        });
        return [{ type: 'remedy-started', issue }];
      }
    }
  } catch (error) {
    return [remedyFailure(deps, task, error)];
  }
}
