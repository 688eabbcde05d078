/**
 * What a GitHub 403 (or 429) said, from the status, the headers and the message of the error and
 * what it wraps (an Octokit RequestError carries `status` and `response.{headers,data}`). Matched
 * only: GitHub's words are never shown.
 *
 * - `rate-limited`: https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
 *   ("you will receive a 403 or 429 response": a primary limit with `x-ratelimit-remaining: 0`; a
 *   secondary one with a `retry-after` header, or a message saying "secondary rate limit").
 * - `already-running`: https://docs.github.com/en/rest/actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run
 *   answers 403 Forbidden when the run cannot be re-run now; GitHub says "This workflow run is
 *   already running" (or a re-run is in progress).
 * - `no-permission`: https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api
 *   ("Resource not accessible by integration" / "by personal access token": the token or app lacks
 *   the permission the endpoint needs).
 * - `forbidden`: any other 403, which GitHub did not explain in a way known here.
 */
export type GitHubRefusal =
  | { readonly kind: 'rate-limited'; readonly secondary: boolean; readonly retryAfterS?: number }
  | { readonly kind: 'already-running' }
  | { readonly kind: 'no-permission' }
  | { readonly kind: 'forbidden' };

type Node = Record<string, unknown>;

const record = (value: unknown): Node | undefined =>
  typeof value === 'object' && value !== null ? (value as Node) : undefined;

function header(headers: Node | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** The refusal, or undefined when the error is no 403 or 429 from GitHub. */
export function githubRefusal(error: unknown): GitHubRefusal | undefined {
  let node = record(error);
  for (let depth = 0; node !== undefined && depth < 5; depth += 1) {
    if (node.status === 403 || node.status === 429) return classify(node);
    node = record(node.cause);
  }
  return undefined;
}

function classify(node: Node): GitHubRefusal {
  const response = record(node.response);
  const headers = record(response?.headers);
  const data = record(response?.data);
  const message = `${typeof data?.message === 'string' ? data.message : ''} ${typeof node.message === 'string' ? node.message : ''}`;
  const retryAfter = Number(header(headers, 'retry-after'));
  const retryAfterS = Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterS: retryAfter } : {};
  if (/secondary rate limit/i.test(message) || header(headers, 'retry-after') !== undefined) {
    return { kind: 'rate-limited', secondary: true, ...retryAfterS };
  }
  if (header(headers, 'x-ratelimit-remaining') === '0' || node.status === 429) {
    return { kind: 'rate-limited', secondary: false };
  }
  if (/already running|re-?run (?:is )?(?:already )?in progress/i.test(message)) {
    return { kind: 'already-running' };
  }
  if (/not accessible by/i.test(message)) return { kind: 'no-permission' };
  return { kind: 'forbidden' };
}
