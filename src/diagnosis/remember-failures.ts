import type { CheckFacts, FactKey, WatchDoc } from '../ci/index.js';
import type { JobInfo } from '../core/domain/types.js';
import type { Incident, SeenBeforeLine } from '../incidents/domain/incident.js';
import { permalinkKey, permalinkOf } from './diagnosis-facts.js';
import {
  describeSeenBefore,
  emptyFailureMemory,
  type FailureMemory,
  type FailureOutcome,
  type FailureSighting,
  recordOutcome,
  recordSighting,
  type SeenBefore,
  seenBefore,
} from './domain/failure-memory.js';
import { fingerprintOf } from './domain/job-excerpt.js';

/** The fingerprints of the jobs whose error lines were read, once each. */
export function fingerprintsOf(jobs: readonly JobInfo[]): string[] {
  const prints = jobs.flatMap((job) => fingerprintOf(job.excerpt) ?? []);
  return [...new Set(prints)];
}

interface Earlier {
  readonly seen: SeenBefore;
  readonly message?: FailureSighting['message'];
}

/** The failure of these jobs seen most often in the last 14 days, and its last incident's message. */
function mostSeen(memory: FailureMemory, jobs: readonly JobInfo[], now: number, id: string) {
  let best: Earlier | undefined;
  for (const print of fingerprintsOf(jobs)) {
    const seen = seenBefore(memory, print, now, id);
    if (seen === undefined || (best !== undefined && best.seen.count >= seen.count)) continue;
    const message = memory.sightings.find((s) => s.incidentId === seen.lastIncidentId && s.message)?.message;
    best = { seen, ...(message ? { message } : {}) };
  }
  return best;
}

/** The link to ask Slack for before an incident opens that repeats an earlier failure. */
export function seenLinkNeeded(doc: WatchDoc, jobs: readonly JobInfo[], id: string, now: number): FactKey[] {
  const message = mostSeen(doc.failures ?? emptyFailureMemory, jobs, now, id)?.message;
  return message ? [permalinkKey(message)] : [];
}

/**
 * The document after incident `incident` opened: it says whether its failure was seen before
 * (with a link to the earlier incident when Slack gave one), and its failures are remembered.
 */
export function rememberOpening(
  doc: WatchDoc,
  incident: Incident,
  facts: Pick<CheckFacts, 'stages'>,
  now: number,
): WatchDoc {
  let memory = doc.failures ?? emptyFailureMemory;
  const earlier = mostSeen(memory, incident.failingJobs, now, incident.id);
  for (const fingerprint of fingerprintsOf(incident.failingJobs)) {
    memory = recordSighting(memory, { fingerprint, incidentId: incident.id, at: now }, now);
  }
  const link = earlier?.message && permalinkOf(facts, earlier.message);
  const seen: SeenBeforeLine | undefined = earlier && {
    text: describeSeenBefore(earlier.seen),
    incidentId: earlier.seen.lastIncidentId,
    ...(link ? { link } : {}),
  };
  const slot = doc.current?.incident.id === incident.id ? doc.current : undefined;
  const current = slot && { ...slot, incident: seen ? { ...incident, seenBefore: seen } : incident };
  return { ...doc, failures: memory, ...(current ? { current } : {}) };
}

/** Records how an incident ended on the failures it showed (and where its message is). */
export function rememberOutcome(
  doc: WatchDoc,
  incidentId: string,
  outcome: FailureOutcome,
  now: number,
  message?: FailureSighting['message'],
): WatchDoc {
  if (doc.failures === undefined) return doc;
  return { ...doc, failures: recordOutcome(doc.failures, incidentId, outcome, now, message) };
}

/** How an incident that just resolved ended, for the memory: flaky, fixed by its task, or recovered. */
export function outcomeOf(incident: Incident, taskId: string | undefined): FailureOutcome {
  if (incident.status === 'flaky') return { kind: 'flaky' };
  if (taskId !== undefined) return { kind: 'fixed', taskId };
  return { kind: 'recovered', sha: incident.resolvedSha ?? incident.headSha };
}
