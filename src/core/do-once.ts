import type { Store } from './ports.js';

export interface OnceOptions {
  /** How long a claim keeps others off while the work runs; a crashed worker's claim expires. */
  readonly claimMs: number;
  /** How long the work counts as done once it succeeded. */
  readonly doneMs: number;
}

export type OnceOutcome<T> =
  | { readonly ran: true; readonly value: T }
  | { readonly ran: false; readonly by: string };

/**
 * Runs `work` at most once for `key` across retries and replicas. A short claim keeps others off
 * while it runs; the done marker is written only after the work succeeded, so a crash or a
 * failure in between leaves the request answerable when Slack (or a person) tries again.
 * Answers who holds the claim or did the work when it did not run.
 */
export async function doOnce<T>(
  store: Store,
  key: string,
  owner: string,
  options: OnceOptions,
  work: () => Promise<T>,
): Promise<OnceOutcome<T>> {
  const doneKey = `${key}:done`;
  const claimKey = `${key}:claim`;
  const done = await store.getMarker(doneKey);
  if (done !== undefined) return { ran: false, by: done };
  if (!(await store.setIfAbsent(claimKey, owner, options.claimMs))) {
    return { ran: false, by: (await store.getMarker(claimKey)) ?? (await store.getMarker(doneKey)) ?? owner };
  }
  try {
    // Someone may have finished between the first look and the claim.
    const finished = await store.getMarker(doneKey);
    if (finished !== undefined) return { ran: false, by: finished };
    const value = await work();
    await store.setIfAbsent(doneKey, owner, options.doneMs);
    return { ran: true, value };
  } finally {
    await store.releaseMarker(claimKey, owner).catch(() => undefined);
  }
}
