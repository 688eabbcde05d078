import type { ServerResponse } from 'node:http';

/**
 * How long a refused connection stays half-closed before it is destroyed: long enough for the
 * client to read the answer. Go's net/http waits 500 ms before closing on an unread body, Apache's
 * lingering close up to 2 s; 500 ms lost the answer to a loaded client (a clean-clone run under
 * load saw a 20 MB sender reset before it read its 413), so 2 s. Only a refused request's socket
 * is held that long, and it reads nothing meanwhile.
 */
const LINGER_MS = 2_000;

/**
 * Answers and closes the connection; the body may be unread, and is not read on.
 * `Connection: close` makes Node end the socket once the answer is out instead of keeping it for
 * the next request. Node ends it with `destroySoon()`: a FIN, then at once a destroy, which with
 * body bytes still unread resets the connection, and a client still sending its body then often
 * loses the answer. Here the FIN goes out the same way and the destroy follows LINGER_MS later.
 */
export function refuse(
  response: ServerResponse,
  status: number,
  error: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  // Read no further. Without this Node drains an unread body to its end once the answer is out
  // (`_dump`), discarding it at full speed; a read marks the body as consumed instead, so at most
  // one buffer's worth more is taken off the wire and the sender is held by back-pressure.
  response.req.pause();
  response.req.read(0);
  const socket = response.socket;
  if (socket)
    socket.destroySoon = () => {
      socket.end();
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
    };
  const text = JSON.stringify({ error });
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    connection: 'close',
    ...headers,
  });
  response.end(text);
}
