import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './read-body.js';
import { refuse } from './refuse.js';

export interface IngressLimits {
  /** Largest body read, in bytes; larger ones get 413. */
  readonly maxBodyBytes: number;
  /** Most bodies being read at once across the ingress routes; further requests get 503. */
  readonly maxInFlight: number;
  /** Longest a body may take to arrive; slower ones get 408 and free their slot. */
  readonly bodyTimeoutMs: number;
  /** The Retry-After a busy answer suggests, in seconds. */
  readonly retryAfterSeconds: number;
}

export type RefusalReason = 'unsigned' | 'too_large' | 'busy' | 'timeout' | 'aborted';

export interface Ingress {
  /**
   * The body of a request that carries every header in `required` (lower case), read within the
   * limits; undefined when the request was refused, in which case the answer has been sent.
   */
  admit(
    request: IncomingMessage,
    response: ServerResponse,
    route: string,
    required: readonly string[],
  ): Promise<Buffer | undefined>;
}

/** The public answer to each refusal: a classified reason, never an error's own text. */
const ANSWERS: Readonly<Record<Exclude<RefusalReason, 'aborted'>, { status: number; error: string }>> = {
  unsigned: { status: 401, error: 'signature missing' },
  too_large: { status: 413, error: 'body too large' },
  busy: { status: 503, error: 'busy' },
  timeout: { status: 408, error: 'body too slow' },
};

/**
 * Bounded request bodies for the routes anyone on the network can reach (GitHub webhooks, Slack
 * requests): nothing is read from a request without its signature headers or whose Content-Length
 * is over the limit, at most `maxInFlight` bodies are read at once, and each stops at the limit.
 * The signature itself is checked by the route, over the bytes read here.
 */
export function createIngress(
  limits: IngressLimits,
  refused: (route: string, reason: RefusalReason) => void = () => {},
): Ingress {
  let inFlight = 0;
  const turnAway = (response: ServerResponse, route: string, reason: Exclude<RefusalReason, 'aborted'>) => {
    refused(route, reason);
    const { status, error } = ANSWERS[reason];
    const retry = reason === 'busy' ? { 'retry-after': String(limits.retryAfterSeconds) } : {};
    refuse(response, status, error, retry);
    return undefined;
  };
  return {
    async admit(request, response, route, required) {
      if (required.some((name) => typeof request.headers[name] !== 'string' || request.headers[name] === ''))
        return turnAway(response, route, 'unsigned');
      if (Number(request.headers['content-length'] ?? 0) > limits.maxBodyBytes)
        return turnAway(response, route, 'too_large');
      if (inFlight >= limits.maxInFlight) return turnAway(response, route, 'busy');
      inFlight += 1;
      const read = await readBody(request, {
        maxBytes: limits.maxBodyBytes,
        timeoutMs: limits.bodyTimeoutMs,
      }).finally(() => {
        inFlight -= 1;
      });
      if (read.ok) return read.body;
      if (read.reason !== 'aborted') return turnAway(response, route, read.reason);
      refused(route, 'aborted');
      response.destroy();
      return undefined;
    },
  };
}
