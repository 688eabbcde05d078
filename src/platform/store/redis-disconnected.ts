/**
 * node-redis's errors for a command made while the connection is down (with the offline queue off,
 * every command fails at once with the first) carry neither a code nor a name of their own: they
 * are told apart by their class.
 */
const DISCONNECTED = new Set([
  'ClientOfflineError',
  'ClientClosedError',
  'SocketClosedUnexpectedlyError',
  'DisconnectsClientError',
]);

/** True when `error` says the Redis connection is down (and being re-established). */
export function redisDisconnected(error: unknown): boolean {
  return error instanceof Error && DISCONNECTED.has(error.constructor.name);
}
