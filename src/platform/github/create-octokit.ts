import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { Log } from '../../core/ports.js';
import { DEFAULT_ETAG_CACHE_BYTES, type EtagCacheStats, installEtagCache } from './etag-cache.js';
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
}

/** A throttle pause longer than this gives the request up: the next cycle asks again. */
const MAX_THROTTLE_WAIT_S = 10;

const ThrottledOctokit = Octokit.plugin(throttling, retry);

/** The primary (hourly) budget as GitHub's latest answer stated it. */
export interface RateSample {
  /** `x-ratelimit-remaining` of the `core` resource. */
  remaining?: number;
  /** `x-ratelimit-reset`, in epoch ms. */
  resetAt?: number;
  /** `x-ratelimit-limit`: the hourly budget in full. */
  limit?: number;
}

export interface GitHubClient {
  readonly octokit: Octokit;
  readonly etags: EtagCacheStats;
  readonly rate: RateSample;
}

type Headers = Readonly<Record<string, string | number | undefined>> | undefined;

/**
 * Reads the primary budget off a response's headers:
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit
 * Other resources (`graphql`, `search`) have budgets of their own and are left out.
 */
function noteRate(rate: RateSample, headers: Headers): void {
  const resource = headers?.['x-ratelimit-resource'];
  if (resource !== undefined && resource !== 'core') return;
  const remaining = Number(headers?.['x-ratelimit-remaining']);
  const reset = Number(headers?.['x-ratelimit-reset']);
  if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return;
  rate.remaining = remaining;
  rate.resetAt = reset * 1000;
  const limit = Number(headers?.['x-ratelimit-limit']);
  if (Number.isFinite(limit)) rate.limit = limit;
}

function headersOf(error: unknown): Headers {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response = error.response as { headers?: Headers } | undefined;
  return response?.headers;
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
      onRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        _octokit: unknown,
        retryCount: number,
      ) => {
        log.warn({ retryAfter, method: request.method, url: request.url }, 'GitHub rate limit reached');
        return retryCount < 1 && retryAfter <= MAX_THROTTLE_WAIT_S;
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
  const rate: RateSample = {};
  octokit.hook.wrap('request', async (request, options) => {
    options.request = { ...options.request };
    try {
      const response = await request(options);
      noteRate(rate, response.headers);
      return response;
    } catch (error) {
      noteRate(rate, headersOf(error));
      throw error;
    }
  });
  const etags = installEtagCache(octokit, DEFAULT_ETAG_CACHE_BYTES, trimCachedBody);
  return { octokit, etags, rate };
}
