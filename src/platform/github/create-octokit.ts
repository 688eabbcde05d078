import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { Log } from '../../core/ports.js';
import { DEFAULT_ETAG_CACHE_BYTES, type EtagCacheStats, installEtagCache } from './etag-cache.js';
import { createRequestGate, type GitHubRequestStats, type PacingOptions } from './request-gate.js';
import type { SharedPacer } from './share-pacing.js';
import { trimCachedBody } from './trim-cached-body.js';

export type GitHubAuth =
  | { readonly kind: 'token'; readonly token: string }
  | {
      readonly kind: 'app';
      readonly appId: number;
      readonly privateKey: string;
      readonly installationId: number;
    };

export interface OctokitOptions {
  readonly baseUrl: string;
  readonly auth: GitHubAuth;
  readonly log: Log;
  /** Per-request timeout; a hung GitHub must not hang a cycle. */
  readonly timeoutMs?: number;
  /** Retries of 5xx answers (1 s, then 4 s apart). */
  readonly retries?: number;
  /** The clock GitHub's back-off and the pacing under its secondary limit are measured on. */
  readonly now?: () => number;
  /** The pacing under GitHub's secondary limit (900 points a minute, 100 in flight) and its timers. */
  readonly pacing?: PacingOptions;
}

/** A throttle pause longer than this gives the request up: the next cycle asks again. */
const MAX_THROTTLE_WAIT_S = 10;

/** The primary (hourly) budget as GitHub's latest answer stated it (the `core` resource). */
export interface RateSample {
  /** `x-ratelimit-remaining`. */
  readonly remaining?: number | undefined;
  /** `x-ratelimit-reset`, in epoch ms. */
  readonly resetAt?: number | undefined;
  /** `x-ratelimit-limit`: the hourly budget in full. */
  readonly limit?: number | undefined;
}

export interface GitHubClient {
  readonly octokit: Octokit;
  readonly etags: EtagCacheStats;
  /** Every attempt's outcome and the budget GitHub says is left, for the metrics. */
  readonly requests: GitHubRequestStats;
  /** The same budget, for the polling planner. */
  readonly rate: RateSample;
  /** The pacer's points, to share with the other replicas on the store (share-pacing.ts). */
  readonly pacing: SharedPacer;
}

/** `fetch` giving up after `ms`, so a hung GitHub cannot hang a cycle (each retry gets `ms` again). */
function fetchWithin(ms: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}

export function createOctokit(options: OctokitOptions): GitHubClient {
  const { log } = options;
  const auth =
    options.auth.kind === 'token'
      ? { auth: options.auth.token }
      : {
          authStrategy: createAppAuth,
          auth: {
            appId: options.auth.appId,
            privateKey: options.auth.privateKey,
            installationId: options.auth.installationId,
          },
        };
  // The gate goes first so its hook is the innermost: it sees (and holds back) every retry too.
  const gate = createRequestGate(options.now, options.pacing);
  const ThrottledOctokit = Octokit.plugin(gate.plugin, throttling, retry);
  const octokit = new ThrottledOctokit({
    ...auth,
    baseUrl: options.baseUrl,
    userAgent: 'overseer',
    // @octokit/request 10 ignores `request.timeout`: each attempt gets its own deadline here.
    request: { fetch: fetchWithin(options.timeoutMs ?? 10_000) },
    retry: { retries: options.retries ?? 2 },
    log: {
      debug: (message: string) => log.debug({ source: 'octokit', detail: message }, 'GitHub client'),
      info: (message: string) => log.debug({ source: 'octokit', detail: message }, 'GitHub client'),
      warn: (message: string) => log.warn({ source: 'octokit', detail: message }, 'GitHub client warning'),
      // Only plugin-request-log logs errors, once per attempt, and a request that got no answer
      // comes out as "500 with id UNKNOWN": callers log the final failure with its real cause.
      error: (message: string) => log.debug({ source: 'octokit', detail: message }, 'GitHub client error'),
    },
    throttle: {
      // The hour's budget is spent: never waited for here (its reset is minutes away). The request
      // gate holds every request until the reset, and the next cycle after it asks again.
      onRateLimit: (retryAfter: number, request: { method: string; url: string }) => {
        log.warn({ retryAfter, method: request.method, url: request.url }, 'GitHub rate limit reached');
        return false;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        _octokit: unknown,
        retryCount: number,
      ) => {
        log.warn(
          { retryAfter, method: request.method, url: request.url },
          'GitHub secondary rate limit reached',
        );
        return retryCount < 1 && retryAfter <= MAX_THROTTLE_WAIT_S;
      },
    },
  });
  // Octokit hands every request the same `request` options object, and plugin-retry and
  // plugin-throttling keep their retry count on it: one request's retries would lengthen the next
  // one's back-off (16 s instead of 1 s) and concurrent requests would share a count
  // (octokit/plugin-throttling.js#462). Each request gets a copy of its own.
  // The copy keeps what a call put there, such as its pacer lane (request-gate.ts's LANE_OPTION).
  octokit.hook.wrap('request', async (request, options) => {
    options.request = { ...options.request };
    return request(options);
  });
  const etags = installEtagCache(octokit, DEFAULT_ETAG_CACHE_BYTES, trimCachedBody);
  const stats = gate.stats;
  // Read off the request gate, which reads GitHub's x-ratelimit-* headers of every answer:
  // https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit
  const rate: RateSample = {
    get remaining() {
      return stats.remaining;
    },
    get resetAt() {
      return stats.reset === undefined ? undefined : stats.reset * 1000;
    },
    get limit() {
      return stats.limit;
    },
  };
  return { octokit, etags, requests: stats, rate, pacing: gate.shared };
}
