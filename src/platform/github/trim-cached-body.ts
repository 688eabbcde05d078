/**
 * Fields of a workflow run the adapters read (github-ci listRuns, github-fixes checksAt): a run as
 * GitHub lists it weighs about 6 kB (its repository twice, its actor twice, its head commit), and a
 * page holds 30 to 100 of them, so a cached run list keeps only these.
 * https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow
 */
const RUN_FIELDS = [
  'id',
  'name',
  'path',
  'workflow_id',
  'head_branch',
  'head_sha',
  'run_attempt',
  'status',
  'conclusion',
  'event',
  'created_at',
  'updated_at',
  'html_url',
] as const;

/** `/repos/{owner}/{repo}/actions/runs` and `/repos/{owner}/{repo}/actions/workflows/{id}/runs`. */
const RUN_LIST = /^\/repos\/[^/]+\/[^/]+\/actions\/(?:workflows\/[^/]+\/)?runs$/;

function pick(run: unknown): unknown {
  if (typeof run !== 'object' || run === null) return run;
  const source = run as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const field of RUN_FIELDS) if (field in source) kept[field] = source[field];
  return kept;
}

/**
 * What the ETag cache keeps of a body: a run list with its runs cut to the fields read, any
 * other body as it is. A 304 then answers the cut body; the 200 it came from gave the full one.
 */
export function trimCachedBody(url: string, data: unknown): unknown {
  const path = URL.canParse(url) ? new URL(url).pathname : url.split('?')[0];
  if (!RUN_LIST.test(path ?? '') || typeof data !== 'object' || data === null) return data;
  const body = data as { workflow_runs?: unknown };
  if (!Array.isArray(body.workflow_runs)) return data;
  return { ...body, workflow_runs: body.workflow_runs.map(pick) };
}
