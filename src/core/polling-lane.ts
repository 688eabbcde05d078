import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which work a GitHub request belongs to, carried along the async calls of a look so no port
 * needs a parameter for it: the cron cycle runs its looks `asPolling`, and the GitHub client's
 * pacer (platform/github/request-pacer.ts) lets everything else (webhook checks, people's clicks,
 * fixes) go first and keeps a reserve of the secondary limit for it. Webhooks are the primary
 * signal; a poll only confirms what they may have missed.
 */
const polling = new AsyncLocalStorage<true>();

/** Runs `work` as polling: the GitHub requests made within it yield to all others. */
export function asPolling<T>(work: () => Promise<T>): Promise<T> {
  return polling.run(true, work);
}

/** Whether the caller runs within `asPolling`. */
export function isPolling(): boolean {
  return polling.getStore() === true;
}
