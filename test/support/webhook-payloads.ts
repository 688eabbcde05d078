import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';

/**
 * Webhook payloads cloned from GitHub's own examples (@octokit/webhooks-examples), with the fields a test
 * cares about overridden. The package's main file is one 4 MB JSON array; it is read once, on first use.
 */

type WorkflowRunEvent = WebhookDefinition<'workflow_run'>['examples'][number];
export type WorkflowRunCompletedPayload = Extract<WorkflowRunEvent, { action: 'completed' }>;
export type PingPayload = WebhookDefinition<'ping'>['examples'][number];

let definitions: WebhookDefinition[] | undefined;

function load(): WebhookDefinition[] {
  definitions ??= createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
  return definitions;
}

/** A deep copy of the first example of `event` (with `action`, when given) that `accept` likes. */
export function webhookExample(
  event: string,
  action?: string,
  accept: (example: unknown) => boolean = () => true,
) {
  const definition = load().find((d) => d.name === event);
  const example = definition?.examples.find(
    (e) => (action === undefined || (e as { action?: unknown }).action === action) && accept(e),
  );
  if (!example)
    throw new Error(`@octokit/webhooks-examples has no ${event}${action ? `.${action}` : ''} example`);
  return structuredClone(example) as unknown;
}

/** Re-points every repository and owner reference of an example payload at `repo` (`owner/name`). */
function retarget<T>(payload: unknown, from: { owner: string; name: string }, repo: string): T {
  const [owner, name] = repo.split('/');
  if (!owner || !name || !/^[\w.-]+\/[\w.-]+$/.test(repo))
    throw new Error(`expected "owner/name", got "${repo}"`);
  const text = JSON.stringify(payload)
    .replaceAll(`${from.owner}/${from.name}`, repo)
    .replaceAll(`/${from.owner}"`, `/${owner}"`)
    .replaceAll(`/${from.owner}/`, `/${owner}/`)
    .replaceAll(`"${from.owner}"`, `"${owner}"`)
    .replaceAll(`"${from.name}"`, `"${name}"`);
  return JSON.parse(text) as T;
}

export interface WorkflowRunCompletedOptions {
  repo: string;
  workflowFile?: string;
  /** The workflow's `name:`; defaults to the file name without its extension. */
  workflowName?: string;
  workflowId?: number;
  branch: string;
  headSha: string;
  conclusion:
    | 'success'
    | 'failure'
    | 'cancelled'
    | 'skipped'
    | 'timed_out'
    | 'neutral'
    | 'action_required'
    | 'stale';
  runId: number;
  attempt?: number;
  event?: string;
}

/** A `workflow_run` webhook with `action: completed`, as GitHub sends it when a run (or a re-run) finishes. */
export function workflowRunCompleted(opts: WorkflowRunCompletedOptions): WorkflowRunCompletedPayload {
  const example = webhookExample('workflow_run', 'completed', (e) => {
    return typeof (e as { workflow_run?: { path?: unknown } }).workflow_run?.path === 'string';
  }) as WorkflowRunCompletedPayload;
  const from = { owner: example.repository.owner.login, name: example.repository.name };
  const payload = retarget<WorkflowRunCompletedPayload>(example, from, opts.repo);
  const workflowFile = opts.workflowFile ?? 'ci.yml';
  const path = `.github/workflows/${workflowFile}`;
  const name = opts.workflowName ?? workflowFile.replace(/\.ya?ml$/, '');
  const attempt = opts.attempt ?? 1;
  const api = `https://api.github.com/repos/${opts.repo}/actions`;
  const run = `${api}/runs/${opts.runId}`;
  Object.assign(payload.workflow, {
    path,
    name,
    ...(opts.workflowId === undefined ? {} : { id: opts.workflowId }),
    html_url: `https://github.com/${opts.repo}/blob/${opts.branch}/${path}`,
  });
  const workflowRun = payload.workflow_run as unknown as Record<string, unknown>;
  Object.assign(workflowRun, {
    id: opts.runId,
    name,
    path,
    head_branch: opts.branch,
    head_sha: opts.headSha,
    status: 'completed',
    conclusion: opts.conclusion,
    run_attempt: attempt,
    event: opts.event ?? 'push',
    workflow_id: payload.workflow.id,
    url: run,
    html_url: `https://github.com/${opts.repo}/actions/runs/${opts.runId}`,
    jobs_url: `${run}/jobs`,
    logs_url: `${run}/logs`,
    rerun_url: `${run}/rerun`,
    cancel_url: `${run}/cancel`,
    artifacts_url: `${run}/artifacts`,
    previous_attempt_url: attempt > 1 ? `${run}/attempts/${attempt - 1}` : null,
    workflow_url: `${api}/workflows/${payload.workflow.id}`,
  });
  const headCommit = workflowRun.head_commit as Record<string, unknown> | null;
  if (headCommit) headCommit.id = opts.headSha;
  return payload;
}

/** The `ping` webhook GitHub sends when a hook is created. */
export function pingEvent(opts: { repo?: string } = {}): PingPayload {
  const example = webhookExample('ping', undefined, (e) => 'repository' in (e as object)) as PingPayload;
  const repository = (example as { repository?: { owner: { login: string }; name: string } }).repository;
  if (!opts.repo || !repository) return example;
  return retarget<PingPayload>(example, { owner: repository.owner.login, name: repository.name }, opts.repo);
}
