import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fakes' route handlers see it: already read and split up. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body as it came, for binary uploads (rawBody is its UTF-8 reading). */
  rawBytes?: Buffer;
  /** Values of the `{name}` placeholders of the matched route, URL-decoded. */
  params: Record<string, string>;
}

export interface FakeResponse {
  status: number;
  /** Serialised as JSON unless it is a string; omitted for 204 and 304. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

interface Route {
  method: string;
  template: string;
  segments: string[];
  handler: RouteHandler;
}

export interface RouteMatch {
  /** `GET /repos/{owner}/{repo}`: the route as octokit names it. */
  route: string;
  params: Record<string, string>;
  handler: RouteHandler;
}

/**
 * Routes written like octokit's (`/repos/{owner}/{repo}/pulls/{pull_number}`). A placeholder matches one
 * path segment (clients encode `/` inside a value as `%2F`); a last placeholder written `{name+}` takes the
 * rest of the path, for clients that leave the slashes of a branch name unencoded. A route with such a
 * greedy placeholder is tried only after every route without one, whatever the order they were added in,
 * so `/commits/{ref+}` cannot swallow `/commits/{commit_sha}/pulls`.
 */
export class Router {
  readonly #routes: Route[] = [];

  add(method: string, template: string, handler: RouteHandler): this {
    this.#routes.push({ method, template, segments: template.split('/').slice(1), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch | undefined {
    const segments = path.split('/').slice(1);
    const exactFirst = [
      ...this.#routes.filter((route) => !route.template.includes('+}')),
      ...this.#routes.filter((route) => route.template.includes('+}')),
    ];
    for (const route of exactFirst) {
      if (route.method !== method) continue;
      const params = matchSegments(route.segments, segments);
      if (params) return { route: `${route.method} ${route.template}`, params, handler: route.handler };
    }
    return undefined;
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const value = actual[i];
    if (value === undefined) return undefined;
    const placeholder = /^\{(\w+)(\+?)\}$/.exec(part);
    if (!placeholder) {
      if (part !== value) return undefined;
      continue;
    }
    const [, name = '', greedy] = placeholder;
    if (greedy) {
      params[name] = actual.slice(i).map(decodeURIComponent).join('/');
      return params;
    }
    if (value === '') return undefined;
    params[name] = decodeURIComponent(value);
  }
  return pattern.length === actual.length ? params : undefined;
}

export interface HttpFake {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  close(): Promise<void>;
}

/** Starts a `node:http` server on 127.0.0.1 with a free port; `handle` answers every request. */
export async function startHttpFake(
  handle: (req: Omit<FakeRequest, 'params'>) => FakeResponse | Promise<FakeResponse>,
): Promise<HttpFake> {
  const server = createServer((incoming, outgoing) => {
    void serve(incoming, outgoing, handle);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  handle: (req: Omit<FakeRequest, 'params'>) => FakeResponse | Promise<FakeResponse>,
): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? '/', 'http://fake.invalid');
    const response = await handle({
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      rawBody: Buffer.concat(chunks).toString('utf8'),
      rawBytes: Buffer.concat(chunks),
    });
    writeResponse(outgoing, response);
  } catch (error) {
    // A bug in a fake must fail loudly in the test that hit it, not hang the client.
    writeResponse(outgoing, { status: 500, body: { message: `fake server error: ${String(error)}` } });
  }
}

function writeResponse(outgoing: ServerResponse, response: FakeResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload = '';
  if (response.body !== undefined && response.status !== 204 && response.status !== 304) {
    const isText = typeof response.body === 'string';
    payload = isText ? String(response.body) : JSON.stringify(response.body);
    headers['content-type'] ??= isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  outgoing.writeHead(response.status, headers);
  outgoing.end(payload);
}

/** Parses a JSON request body into an object; anything else becomes `{}`. */
export function jsonBody(rawBody: string): Record<string, unknown> {
  if (rawBody.trim() === '') return {};
  const parsed: unknown = JSON.parse(rawBody);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

/** Polls `probe` until it returns something other than `undefined`/`false`/`null`. */
export async function pollUntil<T>(
  probe: () => T | undefined | false | null,
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() >= deadline) throw new Error(`waitFor timed out after ${timeoutMs} ms; ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
