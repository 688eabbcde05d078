// A closed-loop load generator for the ack-latency bench: `concurrency` keep-alive connections,
// each sending its next request as soon as the previous answer arrived. Latency is from the first
// byte written to the last byte of the answer read, as Slack would see it.
//
// It writes each request's bytes, serialized before the clock starts, straight to a socket and
// reads only the status line and the body's length, as wrk does. node:http's client cost more CPU
// per request than the floor server it measured (0.06-0.3 ms against 0.04-0.08), so the floor's
// latency was the load generator's, not the floor's.
import { connect, type Socket } from 'node:net';

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
  /** This process's CPU time while the requests were sent and answered (not serialized), ms. */
  readonly cpuMs: number;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

/** One HTTP/1.1 request's bytes. */
function serialize(target: URL, item: SignedRequest): Buffer {
  const body = Buffer.from(item.body);
  const headers = Object.entries(item.headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const head = `POST ${target.pathname} HTTP/1.1\r\nhost: ${target.host}\r\n${headers}content-length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/**
 * The status of the answer complete at the start of `data`, and its length in bytes; undefined
 * while it is not all there. Answers carry content-length, or are chunked (then the body is read
 * to its last chunk).
 */
function answerIn(data: Buffer): { status: number; length: number } | undefined {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd === -1) return undefined;
  const head = data.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
  if (length !== undefined) {
    const end = headEnd + HEAD_END.length + Number(length);
    return data.length >= end ? { status, length: end } : undefined;
  }
  const last = data.indexOf(CHUNKED_END, headEnd + HEAD_END.length);
  return last === -1 ? undefined : { status, length: last + CHUNKED_END.length };
}

function open(target: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

export async function loadSigned(url: string, requests: readonly SignedRequest[], concurrency: number) {
  const target = new URL(url);
  const wire = requests.map((item) => serialize(target, item));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    const socket = await open(target);
    try {
      let pending: Buffer = Buffer.alloc(0);
      for (let item = wire[next++]; item !== undefined; item = wire[next++]) {
        const started = performance.now();
        const status = await new Promise<number>((resolve, reject) => {
          const onData = (chunk: Buffer) => {
            pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
            const answer = answerIn(pending);
            if (answer === undefined) return;
            pending = pending.subarray(answer.length);
            socket.off('data', onData).off('error', reject).off('close', onClose);
            resolve(answer.status);
          };
          const onClose = () => reject(new Error('the server closed the connection'));
          socket.on('data', onData).once('error', reject).once('close', onClose);
          socket.write(item);
        });
        latencies.push(performance.now() - started);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    } finally {
      socket.destroy();
    }
  };
  const began = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - began;
  latencies.sort((a, b) => a - b);
  return { latencies, statuses, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies LoadResult;
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
