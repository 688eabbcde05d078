import type { WatchTarget } from '../ci/index.js';
import { factId, type WatchDoc, watchDocKey } from '../ci/index.js';
import type { JobInfo } from '../core/domain/types.js';
import type { JobLogs } from '../core/ports.js';
import type { Incident } from '../incidents/domain/incident.js';
import { type DrainDeps, type DrainResult, drainOutbox } from '../incidents/index.js';
import { readPermalink } from './read-diagnosis-facts.js';
import { EXCERPT_JOBS, readExcerpts } from './read-excerpts.js';
import { recordLines } from './record-lines.js';
import { seenLinkNeeded } from './remember-failures.js';

export interface DiagnoseDeps extends DrainDeps {
  /** Reads failing jobs' error lines; absent, incidents show none. */
  readonly jobLogs?: JobLogs;
}

/** Compare-and-set rounds before giving up; the next look reads the lines again. */
const MAX_ROUNDS = 6;

/** The failing jobs whose lines are still to be read: of the first EXCERPT_JOBS, those with none. */
function unread(incident: Incident): JobInfo[] {
  return incident.failingJobs.filter(
    (job, index) => index < EXCERPT_JOBS && job.id !== undefined && job.excerpt === undefined,
  );
}

/** Records the lines read for `incidentId` with one compare-and-set; false when nothing was. */
async function record(deps: DiagnoseDeps, target: WatchTarget, incidentId: string, read: JobInfo[]) {
  const key = watchDocKey(target.watch);
  const facts = { stages: new Map<string, unknown>() };
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const stored = await deps.store.get<WatchDoc>(key);
    if (stored === undefined) return false;
    const now = deps.clock.now();
    const next = recordLines(stored.value, incidentId, read, facts, now);
    if (next === undefined) return false;
    // The "seen before" line links the earlier incident's message: asked of Slack between rounds.
    const jobs = next.current?.incident.failingJobs ?? [];
    const wanted = seenLinkNeeded(stored.value, jobs, incidentId, now).filter(
      (k) => !facts.stages.has(factId(k)),
    );
    if (wanted.length > 0) {
      for (const link of wanted) await readPermalink(deps.chat, facts, link);
      continue;
    }
    if ((await deps.store.put(key, next, stored.version)).ok) return true;
  }
  return false;
}

/**
 * The diagnosis stage of a check, run once the incident is recorded and posted: reads the error
 * lines of the current open incident's failing jobs that have none yet (within EXCERPT_DEADLINE_MS,
 * never thrown: a
 * log that cannot be read is recorded as its reason, so it is not read again), records them into
 * the incident with one compare-and-set if it is still the same incident with the same jobs,
 * remembers their fingerprints, and delivers the render that shows them. A crash before the
 * record is made good by the next look: the lines are still missing, so they are read again.
 * Answers `delivery` with its own added.
 */
export async function diagnoseIncident(
  deps: DiagnoseDeps,
  target: WatchTarget,
  delivery: DrainResult,
): Promise<DrainResult> {
  const { jobLogs } = deps;
  if (jobLogs === undefined) return delivery;
  try {
    const incident = (await deps.store.get<WatchDoc>(watchDocKey(target.watch)))?.value.current?.incident;
    if (incident === undefined || incident.status !== 'open') return delivery;
    const wanted = unread(incident);
    if (wanted.length === 0) return delivery;
    const read = await readExcerpts(jobLogs, target.watch.repo, wanted);
    if (!(await record(deps, target, incident.id, read))) return delivery;
  } catch (error) {
    deps.log.warn({ err: error }, 'Error lines could not be recorded; the next check reads them again');
    return delivery;
  }
  const more = await drainOutbox(deps, target);
  return { ...more, delivered: delivery.delivered + more.delivered, failed: delivery.failed || more.failed };
}
