import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Log } from '../../core/ports.js';
import { refuse } from './refuse.js';
import { sendJson } from './send.js';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** Routes keyed `METHOD /path`. */
export type Routes = Readonly<Record<string, Handler>>;

/** The one HTTP server on PORT: health, readiness, metrics, GitHub webhooks and, in HTTP mode, Slack. */
export function createHttpServer(routes: Routes, log: Log): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    const handler = routes[`${request.method ?? 'GET'} ${path}`];
    if (handler === undefined) {
      const known = Object.keys(routes).some((route) => route.endsWith(` ${path}`));
      // Closes the connection: a body sent to no route is not drained either.
      refuse(response, known ? 405 : 404, known ? 'method not allowed' : 'not found');
      return;
    }
    Promise.resolve(handler(request, response)).catch((error: unknown) => {
      log.error({ err: error, path }, 'HTTP handler failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.end();
    });
  });
}
