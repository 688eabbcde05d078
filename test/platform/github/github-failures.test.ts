import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyFailure } from '../../../src/core/classify-failure.js';
import { createOctokit } from '../../../src/platform/github/create-octokit.js';
import { freePort } from '../../support/start-bot.js';

/** What the real Octokit throws for `GET /repos/acme/widgets` against `baseUrl`. */
async function failureOf(baseUrl: string, timeoutMs = 10_000): Promise<unknown> {
  const { octokit } = createOctokit({
    baseUrl,
    auth: { kind: 'token', token: 'ghp_test' },
    log: pino({ level: 'silent' }),
    retries: 0,
    timeoutMs,
  });
  return octokit.rest.repos.get({ owner: 'acme', repo: 'widgets' }).then(
    () => expect.fail('the request should have failed'),
    (error: unknown) => error,
  );
}

describe('GitHub failures, classified from what Octokit really throws', () => {
  const servers: Server[] = [];
  const serve = async (handler: Parameters<typeof createServer>[1]) => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a closed port is "refused", not the 500 Octokit wraps it in', async () => {
    const error = await failureOf(`http://127.0.0.1:${await freePort()}`);
    expect((error as { status?: number }).status).toBe(500);
    expect(classifyFailure(error)).toEqual({ cause: 'refused', code: 'ECONNREFUSED' });
  });

  it('a host that does not resolve is "dns"', async () => {
    const error = await failureOf('http://overseer-test.invalid');
    expect(classifyFailure(error)).toEqual({ cause: 'dns', code: 'ENOTFOUND' });
  });

  it('a GitHub that never answers is a "timeout" after the request timeout', async () => {
    // The server holds the request and never answers: only the client's deadline can end it.
    let abandoned = false;
    const url = await serve((request) => {
      request.socket.once('close', () => {
        abandoned = true;
      });
    });
    const asked = Date.now();
    const error = await failureOf(url, 300);
    expect(classifyFailure(error).cause).toBe('timeout');
    // The client gave up and closed the connection; the server never answered.
    await vi.waitFor(() => expect(abandoned).toBe(true));
    // Hang guard only: 30x the 300 ms timeout, and under the 10 s one failureOf uses by default.
    expect(Date.now() - asked).toBeLessThan(30 * 300);
  });

  it('an answer with an error status is "http <status>"', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Bad Gateway for acme/widgets' }));
    });
    expect(classifyFailure(await failureOf(url))).toEqual({ cause: 'http 502' });
  });
});
