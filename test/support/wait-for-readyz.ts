import { expect } from 'vitest';
import { sleep } from './scenario.js';

export interface Readiness {
  ready: boolean;
  reasons: string[];
}

/** Polls /readyz until it answers `status` with a body `accept` takes; fails with the last answer. */
export async function waitForReadyz(
  url: string,
  status: number,
  timeoutMs: number,
  accept: (body: Readiness) => boolean = () => true,
): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  for (;;) {
    const response = await fetch(url);
    last = response.status;
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Readiness;
    if (response.status === status && accept(body)) return body;
    if (Date.now() > deadline)
      throw new Error(`/readyz stayed ${last}, not ${status}: ${JSON.stringify(body)}`);
    await sleep(100);
  }
}
