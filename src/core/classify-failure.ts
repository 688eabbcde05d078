import { githubRefusal } from './github-refusal.js';

/**
 * Why a call to a dependency failed, in words safe to show anyone (readiness, `/overseer status`):
 * `dns`, `refused`, `timeout`, `reset`, `unreachable`, `disconnected` (the store's connection is
 * down and being retried), `tls`, `http 502`, a Slack error code (`ratelimited`), GitHub's
 * `secondary rate limit` or `rate limit exhausted` (also while Overseer holds requests back
 * because GitHub asked it to wait), or `error (see logs)`. Never the error's text, which may name hosts, repos or
 * tokens. `code` is the system or library code found (`ENOTFOUND`), for the logs.
 */
export interface FailureCause {
  readonly cause: string;
  readonly code?: string;
}

const CODE_CAUSES: Readonly<Record<string, string>> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  // axios (under @slack/web-api) reports its own timeout this way.
  ECONNABORTED: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  slack_webapi_rate_limited_error: 'rate limited',
  // The store adapter's own code (StoreUnavailableError) for a backend connection that is down.
  STORE_DISCONNECTED: 'disconnected',
};
const TLS_CODE = /^(?:ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;
const SLACK_CODE = /^[a-z_]{1,64}$/;
const BACK_OFF_REASON = /^[a-z ]{1,64}$/;
const UNCLASSIFIED = 'error (see logs)';

type Node = Record<string, unknown>;

/** The error and everything it wraps: `cause` (fetch, Octokit), `original` (Slack), `errors`. */
function chain(error: unknown): Node[] {
  const nodes: Node[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && nodes.length < 20) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null || nodes.includes(next as Node)) continue;
    const node = next as Node;
    nodes.push(node);
    queue.push(node.cause, node.original);
    if (Array.isArray(node.errors)) queue.push(...node.errors);
  }
  return nodes;
}

function codeCause(node: Node): FailureCause | undefined {
  const code = typeof node.code === 'string' ? node.code : undefined;
  if (code !== undefined) {
    const cause = CODE_CAUSES[code] ?? (TLS_CODE.test(code) ? 'tls' : undefined);
    if (cause !== undefined) return { cause, code };
  }
  if (node.name === 'TimeoutError') return { cause: 'timeout', code: 'TimeoutError' };
  // Thrown by the GitHub adapter's request gate instead of asking GitHub during a back-off.
  if (
    node.name === 'GitHubBackOffError' &&
    typeof node.reason === 'string' &&
    BACK_OFF_REASON.test(node.reason)
  )
    return { cause: node.reason, code: 'GitHubBackOff' };
  return undefined;
}

/**
 * An answer's HTTP status. Octokit reports a request that got no answer at all as status 500
 * without a `response`: that is not an HTTP status.
 */
function httpStatus(node: Node): number | undefined {
  if (typeof node.statusCode === 'number') return node.statusCode;
  if (typeof node.status === 'number' && node.response !== undefined) return node.status;
  return undefined;
}

function slackError(node: Node): string | undefined {
  const data = node.data as { error?: unknown } | undefined;
  return typeof data?.error === 'string' && SLACK_CODE.test(data.error) ? data.error : undefined;
}

export function classifyFailure(error: unknown): FailureCause {
  const nodes = chain(error);
  for (const node of nodes) {
    const known = codeCause(node);
    if (known) return known;
  }
  const refusal = githubRefusal(error);
  if (refusal?.kind === 'rate-limited') {
    return { cause: refusal.secondary ? 'secondary rate limit' : 'rate limit exhausted' };
  }
  for (const node of nodes) {
    const status = httpStatus(node);
    if (status !== undefined) return { cause: `http ${status}` };
    const slack = slackError(node);
    if (slack !== undefined) return { cause: slack, code: slack };
  }
  return { cause: UNCLASSIFIED };
}
