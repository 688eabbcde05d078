import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of Redis that a test can stall or cut, to see how the store copes. */
export interface TcpProxy {
  readonly url: string;
  /** Holds every byte in flight (nothing is lost) until `resume`, as a stalled server or network would. */
  stall(): void;
  resume(): void;
  /** Drops every connection and stops listening, as a crashed server would. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startStoreTcpProxy(upstreamUrl: string): Promise<TcpProxy> {
  const upstream = new URL(upstreamUrl);
  const pairs = new Set<[Socket, Socket]>();
  let stalled = false;
  const flow = ([client, server]: [Socket, Socket]) => {
    client.pipe(server);
    server.pipe(client);
  };
  const hold = ([client, server]: [Socket, Socket]) => {
    client.unpipe(server);
    server.unpipe(client);
    client.pause();
    server.pause();
  };
  const serve = (client: Socket) => {
    const pair: [Socket, Socket] = [client, connect(Number(upstream.port || 6379), upstream.hostname)];
    pairs.add(pair);
    for (const socket of pair) {
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        pairs.delete(pair);
        for (const other of pair) other.destroy();
      });
    }
    if (stalled) hold(pair);
    else flow(pair);
  };
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      const listening = createServer(serve);
      server = listening;
      listening.listen(port, '127.0.0.1', () => {
        const address = listening.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const stop = async () => {
    for (const pair of pairs) for (const socket of pair) socket.destroy();
    await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
  };
  const port = await listen(0);

  return {
    url: `redis://127.0.0.1:${port}`,
    stall() {
      stalled = true;
      for (const pair of pairs) hold(pair);
    },
    resume() {
      stalled = false;
      for (const pair of pairs) flow(pair);
    },
    cut: stop,
    restore: async () => {
      await listen(port);
    },
    close: stop,
  };
}
