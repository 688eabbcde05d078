import type { WatchTargetSource } from './run-cycle.js';

/** What picking the watches a delivery concerns needs. */
export interface WebhookSourceDeps {
  readonly sources: () => readonly WatchTargetSource[];
  /** Whether the watch holds a fix task following a pull request; such watches are checked on PR news. */
  readonly followsFix?: (source: WatchTargetSource) => Promise<boolean>;
  /**
   * A completed `workflow_run` of the watch arrived: its deliveries reach us, so its poll can wait
   * longer (see planPolling). Not for pull-request news, which says nothing of its runs' deliveries.
   */
  readonly heard?: (source: WatchTargetSource) => void;
}

interface WorkflowRunPayload {
  action?: string;
  repository?: { full_name?: string };
  workflow_run?: { path?: string; workflow_id?: number; head_branch?: string | null };
}

function workflowFile(path: unknown): string | undefined {
  return typeof path === 'string' ? path.split('@', 1)[0]?.split('/').at(-1) : undefined;
}

/** The delivery's `owner/name`, lower-cased; undefined when it names none. */
function repoOf(payload: WorkflowRunPayload): string | undefined {
  const name: unknown = payload.repository?.full_name;
  return typeof name === 'string' ? name.toLowerCase() : undefined;
}

/**
 * What a pull request or its checks changing tells a fix task: `pull_request` opened, edited,
 * closed (merged or not), reopened or pushed to (synchronize); a `check_suite` or a `workflow_run`
 * of any workflow completed (a fix's own checks run on its branch, not the watched one).
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
 */
const FIX_NEWS: Readonly<Record<string, ReadonlySet<string>>> = {
  pull_request: new Set(['opened', 'edited', 'closed', 'reopened', 'synchronize']),
  check_suite: new Set(['completed']),
  workflow_run: new Set(['completed']),
};

/** The repo's watches that hold a fix task following a pull request, when the event is news for one. */
async function fixSources(deps: WebhookSourceDeps, event: string, payload: WorkflowRunPayload) {
  const repo = repoOf(payload);
  const followsFix = deps.followsFix;
  if (!FIX_NEWS[event]?.has(payload.action ?? '') || repo === undefined || followsFix === undefined)
    return [];
  const picked: WatchTargetSource[] = [];
  for (const source of deps.sources()) {
    if (source.repo.toLowerCase() !== repo) continue;
    if (await followsFix(source).catch(() => false)) picked.push(source);
  }
  return picked;
}

async function matchingSources(
  deps: WebhookSourceDeps,
  payload: WorkflowRunPayload,
): Promise<WatchTargetSource[]> {
  const repo = repoOf(payload);
  const run = payload.workflow_run;
  if (payload.action !== 'completed' || repo === undefined || run === undefined) return [];
  const file = workflowFile(run.path);
  const matches: WatchTargetSource[] = [];
  for (const source of deps.sources()) {
    if (source.repo.toLowerCase() !== repo) continue;
    if (source.workflow !== file && source.workflow !== String(run.workflow_id)) continue;
    const target = await source.resolve().catch(() => undefined);
    // Branch unknown (GitHub unreachable): check anyway; the check itself records the failure.
    if (target === undefined || target.watch.branch === run.head_branch) matches.push(source);
  }
  for (const source of matches) deps.heard?.(source);
  return matches;
}

/**
 * The watches a verified delivery concerns: those a completed `workflow_run` belongs to (repo,
 * workflow file or ID, branch), and those following a fix task when the event is news for one.
 * The payload is untrusted JSON: anything missing or odd concerns no watch.
 */
export async function webhookSources(
  deps: WebhookSourceDeps,
  event: string,
  body: unknown,
): Promise<WatchTargetSource[]> {
  if (typeof body !== 'object' || body === null) return [];
  const payload = body as WorkflowRunPayload;
  const watched = event === 'workflow_run' ? await matchingSources(deps, payload) : [];
  const fixes = await fixSources(deps, event, payload);
  return [...new Set([...watched, ...fixes])];
}
