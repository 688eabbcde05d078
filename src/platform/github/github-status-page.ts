import { z } from 'zod';
import {
  type StatusPage,
  type StatusPageAnswer,
  type StatusPageCause,
  StatusPageError,
} from '../../core/ports.js';

/**
 * How long one read may take before it counts as timed out: a page slower than this is as good as
 * down, and a read under way holds back shutdown (the ticker waits for it) by at most this long.
 */
const READ_TIMEOUT_MS = 5_000;
/** A components page is a few KB; anything much larger is not one. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A Statuspage v2 components document, as much of it as is read: each component's name and
 * status. https://www.githubstatus.com/api ("Components") and
 * https://developer.statuspage.io/#tag/components: `{page, components: [{id, name, status, ...}]}`.
 * Status is kept as a string: a value Statuspage adds later must not make the page unreadable.
 */
export const StatuspageComponents = z.object({
  components: z.array(z.object({ name: z.string(), status: z.string() })),
});
export type StatuspageComponents = z.output<typeof StatuspageComponents>;

/** The network error's cause, in one word: Node's fetch wraps it as `TypeError: fetch failed`. */
function causeOf(error: unknown): StatusPageCause {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timeout';
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET') return 'refused';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'ETIMEDOUT') {
    return 'timeout';
  }
  return 'network';
}

async function readBody(response: Response): Promise<string> {
  const text = await response.text();
  if (text.length > MAX_BODY_BYTES) throw new StatusPageError('bad-json', 'status page body too large');
  return text;
}

/**
 * Reads a Statuspage v2 components JSON at `url` with If-None-Match: 304 answers `unchanged`.
 * Every failure (DNS, refused, timeout, 5xx, other statuses, a body that is not the format)
 * throws a StatusPageError with its classified cause.
 */
export function createGithubStatusPage(url: string, timeoutMs = READ_TIMEOUT_MS): StatusPage {
  return {
    async read(etag): Promise<StatusPageAnswer> {
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { accept: 'application/json', ...(etag === undefined ? {} : { 'if-none-match': etag }) },
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'follow',
        });
      } catch (error) {
        throw new StatusPageError(causeOf(error), 'status page request failed');
      }
      if (response.status === 304) {
        await response.body?.cancel();
        return { kind: 'unchanged' };
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        const cause = response.status >= 500 ? 'server-error' : 'http-status';
        throw new StatusPageError(cause, `status page answered HTTP ${response.status}`);
      }
      let parsed: StatuspageComponents;
      try {
        parsed = StatuspageComponents.parse(JSON.parse(await readBody(response)));
      } catch (error) {
        if (error instanceof StatusPageError) throw error;
        if (error instanceof Error && error.name === 'TimeoutError')
          throw new StatusPageError('timeout', 'status page body timed out');
        throw new StatusPageError('bad-json', 'status page body is not Statuspage components JSON');
      }
      const tag = response.headers.get('etag');
      return { kind: 'fresh', ...(tag === null ? {} : { etag: tag }), components: parsed.components };
    },
  };
}
