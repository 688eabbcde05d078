import type { CheckFacts } from '../ci/index.js';
import { enqueue, type WatchDoc } from '../ci/index.js';
import type { JobInfo } from '../core/domain/types.js';
import type { Incident } from '../incidents/domain/incident.js';
import { rememberOpening } from './remember-failures.js';

/** The incident with the lines read for its jobs that have none yet (by job ID); undefined if none. */
function withLines(incident: Incident, read: readonly JobInfo[]): Incident | undefined {
  let changed = false;
  const failingJobs = incident.failingJobs.map((job) => {
    if (job.excerpt !== undefined || job.id === undefined) return job;
    const excerpt = read.find((done) => done.id === job.id)?.excerpt;
    if (excerpt === undefined) return job;
    changed = true;
    return { ...job, excerpt };
  });
  return changed ? { ...incident, failingJobs } : undefined;
}

/**
 * The document with the error lines read for incident `incidentId` recorded: its failures
 * remembered (the "seen before" line, with a link from `facts` (permalinkOf) when Slack gave one) and its
 * message queued for a render (unless it is quiet: it has no message; or a render is owed already). Undefined when there is
 * nothing to record: the incident is no longer the current open one, or none of its jobs still
 * lacks lines read for it (a newer run's jobs have other IDs; the next look reads theirs). Pure.
 */
export function recordLines(
  doc: WatchDoc,
  incidentId: string,
  read: readonly JobInfo[],
  facts: Pick<CheckFacts, 'stages'>,
  now: number,
): WatchDoc | undefined {
  const slot = doc.current;
  if (slot === undefined || slot.incident.id !== incidentId || slot.incident.status !== 'open')
    return undefined;
  const incident = withLines(slot.incident, read);
  if (incident === undefined) return undefined;
  const remembered = rememberOpening({ ...doc, current: { ...slot, incident } }, incident, facts, now);
  // A render still owed (Slack was down) shows the lines too, and keeps its place ahead of the work
  // queued after it (the incident's own channel links to its message, so the message comes first).
  const owed = doc.outbox.some((item) => item.kind === 'render' && item.incidentId === incidentId);
  if (incident.quiet === true || owed) return remembered;
  return enqueue(remembered, incidentId, [{ kind: 'render' }]);
}
