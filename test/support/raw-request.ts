import { connect } from 'node:net';

export interface RawRequest {
  readonly port: number;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Body size in bytes; sent from one shared chunk, so a 20 MB body costs the sender 64 KB. */
  readonly bodyBytes: number;
  /** Send the body with `Transfer-Encoding: chunked` instead of announcing `Content-Length`. */
  readonly chunked?: boolean;
  /** Send only the headers and this many body bytes, then wait for the answer without finishing. */
  readonly stopAfter?: number;
  readonly timeoutMs?: number;
}

export interface RawReply {
  /** The HTTP status the server answered, if it answered before the connection ended. */
  readonly status: number | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Body bytes this client managed to hand to the socket before the server closed it. */
  readonly sent: number;
  /** The socket error seen after (or instead of) the answer, e.g. ECONNRESET, or 'timeout'. */
  readonly error: string | undefined;
}

const CHUNK = Buffer.alloc(64 * 1024, 'a');

function parse(raw: Buffer): Pick<RawReply, 'status' | 'headers' | 'body'> {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { status: undefined, headers: {}, body: '' };
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number.isFinite(status) ? status : undefined, headers, body: text.slice(end + 4) };
}

/**
 * One HTTP/1.1 POST over a raw loopback socket, the way a client that does not wait for an early
 * answer sends it: the whole body is pushed (respecting back-pressure) until the server closes the
 * connection. Resolves when the connection is closed, with what the server answered.
 */
export function rawRequest(request: RawRequest): Promise<RawReply> {
  const { port, path, headers = {}, bodyBytes, chunked = false, timeoutMs = 30_000 } = request;
  const limit = Math.min(request.stopAfter ?? bodyBytes, bodyBytes);
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const received: Buffer[] = [];
    let sent = 0;
    let error: string | undefined;
    let closed = false;
    const timer = setTimeout(() => {
      error ??= 'timeout';
      socket.destroy();
    }, timeoutMs);
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error ??= e.code ?? e.message;
    });
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      resolve({ ...parse(Buffer.concat(received)), sent, error });
    });
    const drained = () =>
      new Promise<void>((done) => {
        const finish = () => {
          socket.off('drain', finish);
          socket.off('close', finish);
          done();
        };
        socket.on('drain', finish);
        socket.on('close', finish);
      });
    const head = [
      `POST ${path} HTTP/1.1`,
      'Host: 127.0.0.1',
      chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${bodyBytes}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      '',
      '',
    ].join('\r\n');
    socket.once('connect', async () => {
      socket.write(head);
      // At most bodyBytes / 64 KB writes; ends early once the server has closed the connection.
      while (sent < limit && !closed && !socket.destroyed) {
        const piece = CHUNK.subarray(0, Math.min(CHUNK.length, limit - sent));
        if (chunked) socket.write(`${piece.length.toString(16)}\r\n`);
        let ok = socket.write(piece);
        if (chunked) ok = socket.write('\r\n');
        sent += piece.length;
        if (!ok) await drained();
      }
      if (chunked && sent === bodyBytes && !closed && !socket.destroyed) socket.write('0\r\n\r\n');
    });
  });
}
