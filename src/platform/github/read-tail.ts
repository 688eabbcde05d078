import type { JobLogRead } from '../../core/ports.js';

export interface TailBounds {
  readonly maxBytes: number;
  readonly maxLines: number;
  readonly timeoutMs: number;
}

/**
 * The last `maxBytes` of the text at `url`, then its last `maxLines` lines. Asks for a suffix
 * range; a host that ignores it is read as a stream, keeping only the newest `maxBytes` in memory,
 * so no body is ever held whole. An answer of 403, 404 or 410 means the short-lived URL expired.
 */
export async function readTail(fetchLog: typeof fetch, url: string, bounds: TailBounds): Promise<JobLogRead> {
  try {
    const response = await fetchLog(url, {
      headers: { range: `bytes=-${bounds.maxBytes}` },
      signal: AbortSignal.timeout(bounds.timeoutMs),
    });
    if ([403, 404, 410].includes(response.status)) {
      await response.body?.cancel();
      return { ok: false, unavailable: 'expired' };
    }
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel();
      return { ok: false, unavailable: 'unreachable' };
    }
    const { bytes, dropped } = await keepTail(response, bounds.maxBytes);
    const total = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1];
    const cut = dropped || (total !== undefined && Number(total) > bytes.length);
    return { ok: true, ...lastLines(bytes, cut, bounds.maxLines) };
  } catch {
    return { ok: false, unavailable: 'unreachable' };
  }
}

/** Reads the body, keeping only its newest `maxBytes`. */
async function keepTail(response: Response, maxBytes: number): Promise<{ bytes: Buffer; dropped: boolean }> {
  const chunks: Buffer[] = [];
  let held = 0;
  let dropped = false;
  if (!response.body) return { bytes: Buffer.alloc(0), dropped };
  for await (const chunk of response.body) {
    chunks.push(Buffer.from(chunk));
    held += chunk.byteLength;
    while (held > maxBytes) {
      const first = chunks[0] as Buffer;
      const excess = held - maxBytes;
      dropped = true;
      if (first.length <= excess) {
        chunks.shift();
        held -= first.length;
      } else {
        chunks[0] = first.subarray(excess);
        held -= excess;
      }
    }
  }
  return { bytes: Buffer.concat(chunks), dropped };
}

function lastLines(bytes: Buffer, cut: boolean, maxLines: number): { text: string; cut: boolean } {
  let lines = bytes.toString('utf8').split('\n');
  // A cut log starts mid-line (maybe mid-character): that first piece is dropped.
  if (cut) lines = lines.slice(1);
  if (lines.length <= maxLines) return { text: lines.join('\n'), cut };
  return { text: lines.slice(-maxLines).join('\n'), cut: true };
}
