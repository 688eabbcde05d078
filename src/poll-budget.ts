// Composition: GitHub's limits as the polling planner reads them, from what the GitHub client saw.
import type { PollBudget } from './ci/domain/plan-polling.js';
import type { GitHubClient } from './platform/github/create-octokit.js';

/**
 * GitHub's secondary limit for REST is 900 points a minute, a GET costing 1 and a write 5:
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 * Polling takes nine tenths; webhook checks, job logs and fixes have the rest.
 */
export const POLL_POINTS_PER_MINUTE = 810;
/** The share of GETs answered with a body assumed before any was made. */
const FIRST_CHANGED_SHARE = 0.1;

/**
 * The budget for each plan: the points a minute for polling, the hourly budget as GitHub's latest
 * answer stated it, and the share of GETs answered with a body (counted against the hourly
 * budget; a 304 is free) since the previous plan.
 */
export function pollBudget(github: Pick<GitHubClient, 'etags' | 'rate'>): (windowMs: number) => PollBudget {
  let seen = { fetched: github.etags.fetched, notModified: github.etags.notModified };
  let changedShare = FIRST_CHANGED_SHARE;
  return (windowMs) => {
    const { fetched, notModified } = github.etags;
    const asked = fetched - seen.fetched + (notModified - seen.notModified);
    if (asked > 0) changedShare = (fetched - seen.fetched) / asked;
    seen = { fetched, notModified };
    const { remaining, resetAt, limit } = github.rate;
    return {
      windowMs,
      pointsPerMinute: POLL_POINTS_PER_MINUTE,
      changedShare,
      ...(remaining === undefined ? {} : { remaining }),
      ...(resetAt === undefined ? {} : { resetAt }),
      ...(limit === undefined ? {} : { limit }),
    };
  };
}
