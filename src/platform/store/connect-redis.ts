import { createClient } from '@keyv/redis';
import type { Logger } from 'pino';
import type { RedisClient } from './redis-scripts.js';

export interface RedisConnectionOptions {
  readonly url: string;
  /** How long one connection attempt may take, and how long startup waits for the first one. */
  readonly connectTimeoutMs: number;
  readonly logger?: Logger;
}

/**
 * A Redis client that fails fast instead of queueing: while disconnected every command rejects at
 * once (no offline queue) and the client keeps reconnecting in the background, at most ~2 s apart.
 * Resolves once the first connection attempt succeeded or failed.
 */
export async function connectRedis({
  url,
  connectTimeoutMs,
  logger,
}: RedisConnectionOptions): Promise<RedisClient> {
  const client: RedisClient = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) + Math.floor(Math.random() * 100),
    },
  });
  let failing = false;
  client.on('error', (error: unknown) => {
    // One warning per outage; the client retries every couple of seconds and would flood the log.
    if (failing) return logger?.debug({ err: error }, 'Redis is still unreachable');
    failing = true;
    logger?.warn({ err: error }, 'Redis connection failed; retrying in the background');
  });
  client.on('ready', () => {
    if (failing) logger?.info({}, 'Redis connection restored');
    failing = false;
  });

  // Wait for the first attempt to succeed or fail; the timer is a backstop. On failure the client
  // keeps trying in the background and calls fail fast meanwhile.
  let timer: NodeJS.Timeout | undefined;
  const settled = new Promise<void>((resolve) => {
    client.once('ready', resolve).once('error', resolve);
    timer = setTimeout(resolve, connectTimeoutMs);
  });
  client.connect().catch(() => undefined);
  await settled;
  clearTimeout(timer);
  return client;
}
