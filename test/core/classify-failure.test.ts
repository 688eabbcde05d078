import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/core/classify-failure.js';
import { StoreUnavailableError } from '../../src/core/ports.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const withProps = (message: string, props: Record<string, unknown>) =>
  Object.assign(new Error(message), props);

describe('classifyFailure', () => {
  it.each([
    {
      what: 'fetch failing to resolve',
      cause: 'dns',
      error: new TypeError('fetch failed', { cause: withCode('getaddrinfo ENOTFOUND x', 'ENOTFOUND') }),
    },
    {
      what: 'DNS answering "try again"',
      cause: 'dns',
      error: withCode('getaddrinfo EAI_AGAIN x', 'EAI_AGAIN'),
    },
    {
      what: 'a refused connection in an AggregateError',
      cause: 'refused',
      error: new AggregateError([withCode('connect ECONNREFUSED ::1:3', 'ECONNREFUSED')]),
    },
    {
      what: 'a Slack request error wrapping axios',
      cause: 'refused',
      error: withProps('A request error occurred: connect ECONNREFUSED', {
        code: 'slack_webapi_request_error',
        original: withCode('connect ECONNREFUSED', 'ECONNREFUSED'),
      }),
    },
    {
      what: 'an aborted fetch',
      cause: 'timeout',
      error: withProps('The operation was aborted due to timeout', { name: 'TimeoutError' }),
    },
    {
      what: 'an undici headers timeout',
      cause: 'timeout',
      error: withCode('Headers', 'UND_ERR_HEADERS_TIMEOUT'),
    },
    {
      what: "the store's connection down",
      cause: 'disconnected',
      error: new StoreUnavailableError('Redis get k failed: The client is offline.', {
        code: 'STORE_DISCONNECTED',
      }),
    },
    { what: 'a reset connection', cause: 'reset', error: withCode('read ECONNRESET', 'ECONNRESET') },
    {
      what: 'a bad certificate',
      cause: 'tls',
      error: withCode('certificate has expired', 'CERT_HAS_EXPIRED'),
    },
    {
      what: 'a Slack HTTP error',
      cause: 'http 503',
      error: withProps('An HTTP protocol error occurred: statusCode = 503', { statusCode: 503 }),
    },
    {
      what: 'an Octokit answer',
      cause: 'http 404',
      error: withProps('Not Found - acme/secret', { status: 404, response: { status: 404 } }),
    },
    {
      what: 'a Slack platform error',
      cause: 'ratelimited',
      error: withProps('An API error occurred: ratelimited', { data: { ok: false, error: 'ratelimited' } }),
    },
    {
      what: "Octokit's made-up 500 for a request with no answer and no known cause",
      cause: 'error (see logs)',
      error: withProps('bad port', { status: 500 }),
    },
    { what: 'a thrown string', cause: 'error (see logs)', error: 'ghp_secret acme/widgets' },
  ])('$what is "$cause"', ({ cause, error }) => {
    expect(classifyFailure(error).cause).toBe(cause);
  });

  it('never passes on text from the error', () => {
    const sneaky = withProps('x', { data: { error: 'token xoxb-123 for acme/widgets' } });
    expect(classifyFailure(sneaky).cause).toBe('error (see logs)');
  });
});
