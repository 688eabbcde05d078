// A closed-loop load generator for the ack-latency bench: `concurrency` keep-alive connections,
// each sending its next request as soon as the previous answer arrived. Latency is from the first
// byte written to the last byte of the answer read, as Slack would see it.
import { Agent, request } from 'node:http';

export interface SignedRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface LoadResult {
  /** Milliseconds, sorted ascending. */
  readonly latencies: number[];
  /** Answers by HTTP status. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly wallMs: number;
}

export async function loadSigned(url: string, requests: readonly SignedRequest[], concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const target = new URL(url);
  let next = 0;
  const send = (item: SignedRequest) =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const outgoing = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...item.headers, 'content-length': Buffer.byteLength(item.body) },
        },
        (response) => {
          response.resume();
          response.once('end', () => {
            latencies.push(performance.now() - started);
            const status = String(response.statusCode);
            statuses[status] = (statuses[status] ?? 0) + 1;
            resolve();
          });
        },
      );
      outgoing.once('error', reject);
      outgoing.end(item.body);
    });
  const worker = async () => {
    for (let item = requests[next++]; item !== undefined; item = requests[next++]) await send(item);
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - began;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { latencies, statuses, wallMs } satisfies LoadResult;
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
