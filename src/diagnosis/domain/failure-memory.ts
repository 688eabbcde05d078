// Per watch: the failures seen, by fingerprint, with how each ended. Kept 30 days and at most
// MAX_SIGHTINGS entries; read to say "Seen 3 times in 14 days · last time resolved as flaky on Nov 21".

const DAY_MS = 86_400_000;
export const KEEP_MS = 30 * DAY_MS;
export const SEEN_WINDOW_MS = 14 * DAY_MS;
export const MAX_SIGHTINGS = 200;

export type FailureOutcome =
  | { readonly kind: 'flaky' }
  | { readonly kind: 'recovered'; readonly sha: string }
  | { readonly kind: 'fixed'; readonly taskId: string };

export interface FailureSighting {
  readonly fingerprint: string;
  readonly incidentId: string;
  /** Epoch ms the failure was seen. */
  readonly at: number;
  readonly outcome?: FailureOutcome;
  /** Epoch ms the outcome was recorded. */
  readonly resolvedAt?: number;
  /** The incident's Slack message, once known (recorded with the outcome), for linking it. */
  readonly message?: { readonly channel: string; readonly ts: string };
}

export interface FailureMemory {
  /** Oldest first. */
  readonly sightings: readonly FailureSighting[];
}

export const emptyFailureMemory: FailureMemory = { sightings: [] };

/** Drops sightings older than 30 days, then the oldest beyond the cap. */
export function pruneFailureMemory(memory: FailureMemory, now: number): FailureMemory {
  const recent = memory.sightings.filter((s) => s.at > now - KEEP_MS);
  return { sightings: recent.slice(-MAX_SIGHTINGS) };
}

/** Adds a sighting (one per fingerprint and incident) and prunes. */
export function recordSighting(memory: FailureMemory, sighting: FailureSighting, now: number): FailureMemory {
  const known = memory.sightings.some(
    (s) => s.fingerprint === sighting.fingerprint && s.incidentId === sighting.incidentId,
  );
  if (known) return pruneFailureMemory(memory, now);
  const sightings = [...memory.sightings, sighting].sort((a, b) => a.at - b.at);
  return pruneFailureMemory({ sightings }, now);
}

/** Records how an incident ended on every sighting it made. */
export function recordOutcome(
  memory: FailureMemory,
  incidentId: string,
  outcome: FailureOutcome,
  at: number,
  message?: FailureSighting['message'],
): FailureMemory {
  const sightings = memory.sightings.map((s) =>
    s.incidentId === incidentId ? { ...s, outcome, resolvedAt: at, ...(message ? { message } : {}) } : s,
  );
  return pruneFailureMemory({ sightings }, at);
}

export interface SeenBefore {
  /** Sightings of the fingerprint within 14 days, other incidents than `current`. */
  readonly count: number;
  readonly lastIncidentId: string;
  /** When the last sighting was resolved, or seen when it never was. */
  readonly at: number;
  readonly lastOutcome?: FailureOutcome;
}

/** What the memory knows of `fingerprint` from the last 14 days, leaving out `currentIncidentId`. */
export function seenBefore(
  memory: FailureMemory,
  fingerprint: string,
  now: number,
  currentIncidentId?: string,
): SeenBefore | undefined {
  const earlier = memory.sightings.filter(
    (s) =>
      s.fingerprint === fingerprint &&
      s.incidentId !== currentIncidentId &&
      s.at > now - SEEN_WINDOW_MS &&
      s.at <= now,
  );
  const last = earlier.at(-1);
  if (!last) return undefined;
  return {
    count: earlier.length,
    lastIncidentId: last.incidentId,
    at: last.resolvedAt ?? last.at,
    ...(last.outcome ? { lastOutcome: last.outcome } : {}),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Seen 3 times in 14 days · last time resolved as flaky on Nov 21" (dates in UTC). */
export function describeSeenBefore(seen: SeenBefore): string {
  const times = seen.count === 1 ? 'once' : seen.count === 2 ? 'twice' : `${seen.count} times`;
  const date = new Date(seen.at);
  const day = `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
  return `Seen ${times} in 14 days · last time ${outcomeWords(seen.lastOutcome)} on ${day}`;
}

function outcomeWords(outcome: FailureOutcome | undefined): string {
  if (!outcome) return 'seen';
  if (outcome.kind === 'flaky') return 'resolved as flaky';
  if (outcome.kind === 'recovered') return `fixed by \`${outcome.sha.slice(0, 7)}\``;
  return `fixed by task ${outcome.taskId}`;
}
