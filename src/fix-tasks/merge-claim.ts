/**
 * How long a merge claim keeps a second click off while GitHub is asked: longer than a merge with
 * GitHub's retries. The refusal a second click gets says to try again after it.
 */
export const MERGE_CLAIM_MS = 60_000;

/**
 * The store marker held by the click merging task `taskId`'s pull request, from before the pull
 * request is read until the merge is recorded, so a second click never merges twice. A `lease:`
 * marker (see Store.setIfAbsent): the embedded store drops it when it opens again, its holder
 * having died, so the restarted bot takes the next click instead of refusing it for a minute;
 * Redis, whose holders may be alive on another replica, lets it expire.
 */
export function mergeClaim(taskId: string): string {
  return `lease:fix-merge:${taskId}`;
}
