import type { Octokit } from '@octokit/rest';
import { githubRefusal } from '../../core/github-refusal.js';
import {
  createRequestPacer,
  type PacerLane,
  type PacerOptions,
  type PacerStats,
  PacingRefusal,
} from './request-pacer.js';

/**
 * The request option that carries a request's pacer lane (PacerLane) to the gate: a call passes
 * `request: { [LANE_OPTION]: 'polling' }` (github-ci.ts for the cron cycle); absent, `first`.
 */
export const LANE_OPTION = 'overseerLane';

/** What GitHub answered, attempt by attempt (retries included), and what budget it says is left. */
export interface GitHubRequestStats {
  /** Answered 2xx/3xx with a body. */
  ok: number;
  /** Answered 304 to a conditional GET (free against the rate limit). */
  notModified: number;
  /** Any other failure: 4xx, 5xx, a timeout, no answer at all. */
  error: number;
  /** Refused for a rate limit by GitHub, or held back here because GitHub asked to wait. */
  rateLimited: number;
  /** `x-ratelimit-remaining` of the last answer that carried it (the core REST budget). */
  remaining?: number;
  /** `x-ratelimit-reset` of that answer, epoch seconds. */
  reset?: number;
  /** `x-ratelimit-limit` of that answer: the hourly budget in full. */
  limit?: number;
  /** Requests held here to stay under GitHub's secondary limit, and those given up for waiting too long. */
  readonly pacing: Readonly<PacerStats>;
}

export type BackOffReason = 'secondary rate limit' | 'rate limit exhausted' | 'secondary limit pacing';

/**
 * Thrown instead of making a request while GitHub asked us to wait. It carries no HTTP status on
 * purpose: Octokit's retry and throttling plugins then give it up at once instead of retrying it.
 */
export class GitHubBackOffError extends Error {
  override readonly name = 'GitHubBackOffError';
  constructor(
    readonly reason: BackOffReason,
    readonly until: number,
    message = `GitHub asked to wait (${reason}) until ${new Date(until).toISOString()}`,
  ) {
    super(message);
  }
}

/** How requests are paced under the secondary limit; the clock and timers default to the real ones. */
export type PacingOptions = Partial<PacerOptions>;

const realTimer = (fn: () => void, ms: number) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/** A block ending this soon is waited out rather than failed (a throttled retry fired a hair early). */
const WAIT_OUT_MS = 1_000;
/** GitHub: with no `retry-after`, "wait for at least one minute before retrying". */
const DEFAULT_SECONDARY_WAIT_S = 60;

type Resource = 'core' | 'graphql' | 'search';

function resourceOf(url: string): Resource {
  const { pathname } = new URL(url, 'http://github.test');
  if (pathname.endsWith('/graphql')) return 'graphql';
  if (pathname.includes('/search/')) return 'search';
  return 'core';
}

type Headers = Record<string, string | number | undefined>;

function headersOf(value: unknown): Headers | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const headers = (value as { headers?: unknown }).headers;
  return typeof headers === 'object' && headers !== null ? (headers as Headers) : undefined;
}

const numberOf = (value: string | number | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
};

/** The answer says the budget is spent and when it comes back: `learn` blocked until then. */
const exhausted = (headers: Headers | undefined): boolean =>
  numberOf(headers?.['x-ratelimit-remaining']) === 0 &&
  numberOf(headers?.['x-ratelimit-reset']) !== undefined;

/**
 * Honours GitHub's back-off for every request this client makes, as the REST docs ask
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 * and https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit):
 * after a secondary rate limit no request at all until `retry-after` has passed (a minute when it
 * is absent); once `x-ratelimit-remaining` is 0 no request to that resource (core REST, GraphQL,
 * search) until `x-ratelimit-reset`. A request in that time fails at once with
 * `GitHubBackOffError`, never reaching GitHub. It also counts every attempt's outcome.
 *
 * Every attempt is also paced under GitHub's secondary limit (`request-pacer.ts`: 900 points in any
 * minute, 100 in flight): over budget it waits its turn, first in, first out within its lane (the
 * cron cycle's polls behind everything else, and never in the last tenth), before its request
 * starts, so the wait is not part of the request's own timeout (`GITHUB_TIMEOUT` runs from the
 * fetch). One that would wait past the pacer's bound fails with `GitHubBackOffError` ('secondary
 * limit pacing'), never reaching GitHub.
 *
 * Installed as the first Octokit plugin, so its hook is the innermost: it sees each attempt the
 * retry and throttling plugins make, not only the first.
 */
export function createRequestGate(now: () => number = Date.now, pacing: PacingOptions = {}) {
  const pacer = createRequestPacer({ now, setTimer: realTimer, ...pacing });
  const stats: GitHubRequestStats = { ok: 0, notModified: 0, error: 0, rateLimited: 0, pacing: pacer.stats };
  const blocked = new Map<Resource | 'all', { until: number; reason: BackOffReason }>();

  const block = (key: Resource | 'all', until: number, reason: BackOffReason) => {
    const previous = blocked.get(key);
    if (previous === undefined || previous.until < until) blocked.set(key, { until, reason });
  };
  const holding = (resource: Resource) => {
    const at = now();
    const found = [blocked.get('all'), blocked.get(resource)].filter(
      (entry): entry is { until: number; reason: BackOffReason } => entry !== undefined && entry.until > at,
    );
    return found.sort((a, b) => b.until - a.until)[0];
  };
  const learn = (resource: Resource, headers: Headers | undefined) => {
    if (headers === undefined) return;
    const remaining = numberOf(headers['x-ratelimit-remaining']);
    const reset = numberOf(headers['x-ratelimit-reset']);
    if (remaining !== undefined && resource === 'core') {
      stats.remaining = remaining;
      if (reset !== undefined) stats.reset = reset;
      const limit = numberOf(headers['x-ratelimit-limit']);
      if (limit !== undefined) stats.limit = limit;
    }
    if (remaining === 0 && reset !== undefined) block(resource, reset * 1000, 'rate limit exhausted');
  };

  /** Waits out a back-off about to end; throws when one is still on. */
  const honourBackOff = async (resource: Resource) => {
    let hold = holding(resource);
    while (hold !== undefined && hold.until - now() <= WAIT_OUT_MS) {
      const waitMs = hold.until - now() + 1;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      hold = holding(resource);
    }
    if (hold !== undefined) {
      stats.rateLimited += 1;
      throw new GitHubBackOffError(hold.reason, hold.until);
    }
  };
  const paced = async (method: string, lane: PacerLane) => {
    try {
      return await pacer.acquire(method, lane);
    } catch (error) {
      if (!(error instanceof PacingRefusal)) throw error;
      throw new GitHubBackOffError('secondary limit pacing', now() + error.waitBoundMs, error.message);
    }
  };

  const plugin = (octokit: Pick<Octokit, 'hook'>) => {
    octokit.hook.wrap('request', async (request, options) => {
      const resource = resourceOf(options.url);
      await honourBackOff(resource);
      const lane = (options.request as Record<string, unknown> | undefined)?.[LANE_OPTION];
      const release = await paced(options.method, lane === 'polling' ? 'polling' : 'first');
      try {
        // GitHub may have asked to wait while this request waited for its turn.
        await honourBackOff(resource);
        const response = await request(options);
        stats.ok += 1;
        learn(resource, headersOf(response));
        return response;
      } catch (error) {
        if (error instanceof GitHubBackOffError) throw error;
        const status = (error as { status?: unknown }).status;
        const headers = headersOf((error as { response?: unknown }).response);
        learn(resource, headers);
        if (status === 304) {
          stats.notModified += 1;
          throw error;
        }
        const refusal = githubRefusal(error);
        if (refusal?.kind === 'rate-limited') {
          stats.rateLimited += 1;
          if (refusal.secondary) {
            const waitS = refusal.retryAfterS ?? DEFAULT_SECONDARY_WAIT_S;
            block('all', now() + waitS * 1000, 'secondary rate limit');
          } else if (!exhausted(headers)) {
            // A 429 naming neither: "wait for at least one minute before retrying".
            block('all', now() + DEFAULT_SECONDARY_WAIT_S * 1000, 'secondary rate limit');
          }
        } else {
          stats.error += 1;
        }
        throw error;
      } finally {
        release();
      }
    });
  };
  // What the replicas on one store share of the pacer (share-pacing.ts).
  const { spent, share } = pacer;
  return { plugin, stats, shared: { spent, share } };
}
