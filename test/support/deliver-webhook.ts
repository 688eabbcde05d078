import { randomUUID } from 'node:crypto';
import { REPO, WEBHOOK_SECRET } from './scenario.js';
import { signGitHubWebhook } from './sign.js';
import { type WorkflowRunCompletedOptions, workflowRunCompleted } from './webhook-payloads.js';

export interface WebhookOptions {
  /** `X-GitHub-Delivery`; a fresh UUID by default. */
  readonly delivery?: string;
  /** The secret the body is signed with; the bot's (`WEBHOOK_SECRET`) by default. */
  readonly secret?: string;
  /** `X-Hub-Signature-256` as given instead of signing, or `false` for none at all. */
  readonly signature?: string | false;
}

/**
 * POSTs `body` to the bot's `/webhooks/github` the way GitHub delivers `event`: JSON with the
 * `X-GitHub-Event`, `X-GitHub-Delivery` and `X-Hub-Signature-256` headers
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers).
 */
export async function postGitHubWebhook(
  botUrl: string,
  event: string,
  body: string,
  options: WebhookOptions = {},
): Promise<Response> {
  const signature = options.signature ?? (await signGitHubWebhook(options.secret ?? WEBHOOK_SECRET, body));
  return fetch(`${botUrl}/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': options.delivery ?? randomUUID(),
      ...(signature === false ? {} : { 'x-hub-signature-256': signature }),
    },
    body,
  });
}

/** A finished run of ci.yml on main: `repo` is the scenario's `REPO` unless given. */
export interface FinishedRun {
  readonly repo?: string;
  readonly sha: string;
  readonly runId: number;
  readonly conclusion: WorkflowRunCompletedOptions['conclusion'];
}

/** GitHub's signed `workflow_run` delivery (`action: completed`, from its own example) of `run`. */
export function deliverWorkflowRun(
  bot: { readonly url: string },
  run: FinishedRun,
  delivery: string,
  options: Omit<WebhookOptions, 'delivery'> = {},
): Promise<Response> {
  const payload = workflowRunCompleted({
    repo: run.repo ?? REPO,
    branch: 'main',
    headSha: run.sha,
    conclusion: run.conclusion,
    runId: run.runId,
  });
  return postGitHubWebhook(bot.url, 'workflow_run', JSON.stringify(payload), { ...options, delivery });
}
