import type { Octokit } from '@octokit/rest';

interface Entry {
  readonly etag: string;
  readonly response: Awaited<ReturnType<Octokit['request']>>;
}

export interface EtagCacheStats {
  /** GETs answered 304 from the cache: they cost nothing against the rate limit. */
  notModified: number;
  /** Requests that reached GitHub and were answered with a body. */
  fetched: number;
}

type Response = Entry['response'];

/**
 * A response of its own for each caller: Octokit's paginate rewrites the `data` of the responses
 * it is handed (`{ total_count, jobs }` becomes the `jobs` array), which must not reach the cache.
 */
function copyOf(response: Response): Response {
  return { ...response, headers: { ...response.headers }, data: structuredClone(response.data) };
}

function isNotModified(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'status' in error && error.status === 304;
}

/**
 * Makes every GET conditional: the last response's ETag goes out as If-None-Match, and a 304
 * (which GitHub does not count against the rate limit, and Octokit throws) is answered with the
 * cached response. Octokit has no maintained cache plugin for this, hence the small hook.
 * Entries are kept per URL, least recently used dropped past `maxEntries`.
 */
export function installEtagCache(octokit: Octokit, maxEntries = 2_000): EtagCacheStats {
  const cache = new Map<string, Entry>();
  const stats: EtagCacheStats = { notModified: 0, fetched: 0 };

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
      cache.delete(url);
      if (typeof etag === 'string') {
        cache.set(url, { etag, response: copyOf(response) });
        if (cache.size > maxEntries) cache.delete(cache.keys().next().value ?? url);
      }
      return response;
    } catch (error) {
      if (!cached || !isNotModified(error)) throw error;
      stats.notModified += 1;
      cache.delete(url);
      cache.set(url, cached);
      return copyOf(cached.response);
    }
  });
  return stats;
}
