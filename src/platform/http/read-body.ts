import type { IncomingMessage } from 'node:http';

/** A body read in full, or why it was not: the stream is left paused, never read on. */
export type BodyRead =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly reason: 'too_large' | 'timeout' | 'aborted' };

/**
 * The request body, refusing more than `maxBytes` or taking longer than `timeoutMs`. It stops at
 * the first byte over the limit and pauses the request, so the caller can still answer (a
 * `for await` loop that breaks out would destroy the socket before any answer is written).
 */
export function readBody(
  request: IncomingMessage,
  limits: { readonly maxBytes: number; readonly timeoutMs: number },
): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyRead) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort);
      if (!result.ok) request.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) finish({ ok: false, reason: 'too_large' });
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onAbort = () => finish({ ok: false, reason: 'aborted' });
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), limits.timeoutMs);
    request.on('data', onData).once('end', onEnd).once('error', onAbort).once('close', onAbort);
  });
}
