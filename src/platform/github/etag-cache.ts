import type { Octokit } from '@octokit/rest';

interface Entry {
  readonly etag: string;
  readonly response: Awaited<ReturnType<Octokit['request']>>;
  /** What the body weighs, in bytes, as the bound counts it. */
  readonly bytes: number;
}

/** 32 MiB: a few thousand run lists and job pages, far more than the watches of one bot read. */
export const DEFAULT_ETAG_CACHE_BYTES = 32 * 1024 * 1024;

export interface EtagCacheStats {
  /** GETs answered 304 from the cache: they cost nothing against the rate limit. */
  notModified: number;
  /** Requests that reached GitHub and were answered with a body. */
  fetched: number;
}

type Response = Entry['response'];

/** Freezes a JSON body all the way down: what is cached is shared by every later caller. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  if (ArrayBuffer.isView(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}

/** The top level of a body as a copy (its arrays too), the rest shared. */
function shallowCopy(data: unknown): unknown {
  if (Array.isArray(data)) return [...data];
  if (typeof data !== 'object' || data === null || ArrayBuffer.isView(data)) return data;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) copy[key] = Array.isArray(value) ? [...value] : value;
  return copy;
}

/**
 * A response of its own for each caller. Octokit's paginate rewrites the top level of the `data`
 * it is handed (`{ total_count, jobs }` becomes the `jobs` array, given a `total_count`), so the
 * top level is copied; below it the cached body is shared, frozen (a caller changing it throws).
 * A deep copy on every 304 was most of an idle cycle's garbage: at 1,000 watches it grew the heap
 * a hundred MiB past what it held.
 */
function copyOf(response: Response): Response {
  return { ...response, headers: { ...response.headers }, data: shallowCopy(response.data) };
}

/** The size of a body: raw bytes as they are, text as UTF-8, JSON as serialized. */
function bodyBytes(data: unknown): number {
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (typeof data === 'string') return Buffer.byteLength(data);
  return Buffer.byteLength(JSON.stringify(data) ?? '');
}

function isNotModified(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'status' in error && error.status === 304;
}

/**
 * Makes every GET conditional: the last response's ETag goes out as If-None-Match, and a 304
 * (which GitHub does not count against the rate limit, and Octokit throws) is answered with the
 * cached response. Octokit has no maintained cache plugin for this, hence the small hook.
 * Entries are kept per URL, bounded by the sum of their body sizes (`maxBytes`): the least
 * recently used are dropped first, and a body larger than the bound is not cached at all.
 */
export function installEtagCache(
  octokit: Octokit,
  maxBytes = DEFAULT_ETAG_CACHE_BYTES,
  /** What of a body to keep (by URL); default all of it. */
  trim: (url: string, data: unknown) => unknown = (_url, data) => data,
): EtagCacheStats {
  // A Map iterates in insertion order: re-inserting an entry on each use keeps the least
  // recently used first.
  const cache = new Map<string, Entry>();
  let bytes = 0;
  const stats: EtagCacheStats = { notModified: 0, fetched: 0 };

  const forget = (url: string): void => {
    const entry = cache.get(url);
    if (!entry) return;
    cache.delete(url);
    bytes -= entry.bytes;
  };
  const remember = (url: string, entry: Entry): void => {
    forget(url);
    if (entry.bytes > maxBytes) return;
    for (const [oldest] of cache) {
      if (bytes + entry.bytes <= maxBytes) break;
      forget(oldest);
    }
    cache.set(url, entry);
    bytes += entry.bytes;
  };

  octokit.hook.wrap('request', async (request, options) => {
    if (options.method !== 'GET') return request(options);
    const { url } = octokit.request.endpoint.parse(options);
    const cached = cache.get(url);
    // before-after-hook binds the options a hook was called with to the next hook: passing a new
    // object to `request` is ignored, so the header must go on the options object itself.
    if (cached) options.headers['if-none-match'] = cached.etag;
    try {
      const response = await request(options);
      stats.fetched += 1;
      const etag = response.headers.etag;
      forget(url);
      if (typeof etag !== 'string') return response;
      const kept = {
        ...response,
        headers: { ...response.headers },
        data: trim(url, shallowCopy(response.data)),
      };
      deepFreeze(kept.data);
      remember(url, { etag, response: kept, bytes: bodyBytes(kept.data) });
      return { ...response, data: shallowCopy(response.data) };
    } catch (error) {
      if (!cached || !isNotModified(error)) throw error;
      stats.notModified += 1;
      remember(url, cached);
      return copyOf(cached.response);
    }
  });
  return stats;
}
