/**
 * GitHub's own status, as its public status page reports it: a Statuspage v2 page
 * (https://www.githubstatus.com/api, format: https://developer.statuspage.io/#tag/components),
 * whose components each have one of these statuses.
 */
export type ComponentStatus =
  | 'operational'
  | 'degraded_performance'
  | 'partial_outage'
  | 'major_outage'
  | 'under_maintenance';

/** The component whose outage holds pages: GitHub Actions runs the CI Overseer watches. */
export const ACTIONS_COMPONENT = 'Actions';

/** How often the status page is read (one read per period across replicas). */
export const GITHUB_STATUS_POLL_MS = 2 * 60_000;

/** A reading older than this says nothing: GitHub's status is unknown, and pages go out as usual. */
export const GITHUB_STATUS_MAX_AGE_MS = 10 * 60_000;

/** The last reading of the status page, shared by every replica through the store. */
export interface GithubStatusReading {
  /** When the page last answered, with a new body or 304 Not Modified (epoch ms). */
  readonly readAt: number;
  /** The page's ETag, sent back as If-None-Match. */
  readonly etag?: string;
  /**
   * The Actions component's status; absent when the page did not list it. Kept as read: a status
   * Statuspage adds later counts as not operational.
   */
  readonly actions?: string;
}

/** What an incident opened during an Actions outage records, for its message to say. */
export interface GithubReport {
  readonly component: string;
  readonly status: string;
  /** When a look at the open incident first read Actions operational again (epoch ms). */
  readonly operationalAgainAt?: number;
}

const WORDS: Readonly<Record<ComponentStatus, string>> = {
  operational: 'operational',
  degraded_performance: 'degraded performance',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
  under_maintenance: 'under maintenance',
};

/** A component status in words people use: `partial_outage` → "partial outage". */
export function statusWords(status: string): string {
  return Object.hasOwn(WORDS, status)
    ? WORDS[status as ComponentStatus]
    : status.replace(/[_-]+/g, ' ').trim() || 'unknown';
}

/**
 * GitHub's report of an Actions outage as of `now`, or undefined when Actions is operational, the
 * page did not list it, or the reading is missing or too old to say anything (fail open: an
 * unknown status pages as usual).
 */
export function actionsOutage(
  reading: GithubStatusReading | null | undefined,
  now: number,
): GithubReport | undefined {
  if (reading == null || reading.actions === undefined) return undefined;
  if (now - reading.readAt > GITHUB_STATUS_MAX_AGE_MS) return undefined;
  if (reading.actions === 'operational') return undefined;
  return { component: ACTIONS_COMPONENT, status: reading.actions };
}

/** True when a reading fresh enough to say anything reports Actions operational. */
export function actionsOperational(reading: GithubStatusReading | null | undefined, now: number): boolean {
  if (reading == null || now - reading.readAt > GITHUB_STATUS_MAX_AGE_MS) return false;
  return reading.actions === 'operational';
}

/** The Actions component's status among a page's components (matched by name), if listed. */
export function actionsStatusOf(components: readonly { name: string; status: string }[]): string | undefined {
  return components.find((component) => component.name.trim() === ACTIONS_COMPONENT)?.status;
}
