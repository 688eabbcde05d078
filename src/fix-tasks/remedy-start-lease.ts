/**
 * Held from just before an approval is recorded until its remedy's start is: while it lives, the
 * task's `starting` state has a holder at work. Longer than any start with GitHub's retries; the
 * embedded store drops it when it opens again (its holder died), Redis lets it expire.
 */
export const REMEDY_START_LEASE_MS = 5 * 60_000;

/** The store marker of task `taskId`'s start (a `lease:` marker: see Store.setIfAbsent). */
export function remedyStartLease(taskId: string): string {
  return `lease:remedy-start:${taskId}`;
}
