import type { EpisodeEvent, EpisodeStep } from '../ci/domain/episode.js';
import {
  type CheckFacts,
  enqueue,
  factId,
  jobsOf,
  openRegression,
  rangeOf,
  suspectRange,
  type WatchDoc,
  type WatchTarget,
} from '../ci/index.js';
import type { Incident } from '../incidents/domain/incident.js';
import type { ThreadNote } from '../incidents/domain/thread-note.js';
import { recordSighting } from './domain/failure-memory.js';
import {
  type RetryStep,
  retryIncidentId,
  retryReason,
  startRetry,
  stepPendingRetry,
} from './pending-retry.js';
import { fingerprintsOf, rememberOpening } from './remember-failures.js';

/** The document with an incident opened, and its failures remembered (see rememberFailures). */
function opened(
  target: WatchTarget,
  doc: WatchDoc,
  facts: CheckFacts,
  event: Parameters<typeof openRegression>[3],
  now: number,
) {
  const next = openRegression(target, doc, facts, event, now);
  const incident = next.current?.incident;
  return incident === undefined ? next : rememberOpening(next, incident, facts, now);
}

/** The step after an automatic re-run: nobody paged when it passed, else the incident, saying so. */
function afterRetry(
  target: WatchTarget,
  retry: Exclude<RetryStep, { kind: 'none' }>,
  facts: CheckFacts,
  event: EpisodeEvent | undefined,
  now: number,
): WatchDoc {
  const { pending, doc } = retry;
  if (retry.kind === 'passed') {
    let memory = doc.failures ?? { sightings: [] };
    const id = retryIncidentId(target, pending);
    const outcome =
      event?.type === 'recovered'
        ? { kind: 'recovered' as const, sha: event.run.headSha }
        : { kind: 'flaky' as const };
    for (const fingerprint of fingerprintsOf(pending.jobs)) {
      memory = recordSighting(
        memory,
        { fingerprint, incidentId: id, at: now, outcome, resolvedAt: now },
        now,
      );
    }
    return { ...doc, failures: memory };
  }
  // Red again: the incident stands on the newest red; timed out or refused: on the red re-run.
  const red = event?.type === 'still-red' ? event : { red: pending.red, run: pending.run };
  const given: CheckFacts =
    event?.type === 'still-red'
      ? facts
      : {
          ...facts,
          jobs: new Map([
            [factId({ kind: 'jobs', runId: pending.runId, attempt: pending.attempt }), pending.jobs],
          ]),
          ranges: new Map(
            red.red.lastGreenSha === undefined
              ? []
              : [[factId(suspectRange(red.red.lastGreenSha, red.red.firstSha)), pending.blame]],
          ),
        };
  // Already re-run once: never again for this red (openRegression decides no re-run).
  const paged = opened(target, doc, given, red, now);
  const current = paged.current;
  if (current === undefined) return paged;
  // A re-run's log not readable (yet): the lines of the attempt it re-ran stand in. (The stage's
  // decide, rememberFailures, remembers them: the incident opened in this step.)
  const failingJobs = current.incident.failingJobs.map((job) => {
    if (job.excerpt !== undefined && !('unavailable' in job.excerpt)) return job;
    const before = pending.jobs.find((earlier) => earlier.name === job.name)?.excerpt;
    return before === undefined ? job : { ...job, excerpt: before };
  });
  const incident: Incident = { ...current.incident, failingJobs, autoRetry: retry.outcome };
  const note: ThreadNote = { type: 'auto-retry', outcome: retry.outcome, runUrl: red.run.url };
  return enqueue({ ...paged, current: { ...current, incident } }, incident.id, [{ kind: 'note', note }]);
}

/**
 * Diagnosis's `takeStep` (flakeRetry), pure: a watch waiting for an automatic re-run takes its
 * next step here (passed: nobody paged; red again, refused or timed out: the incident, saying
 * so); a red that would open an incident is re-run first instead when retryReason says so.
 * Undefined leaves the step to advanceWatch.
 */
export function takeRetryStep(
  target: WatchTarget,
  doc: WatchDoc,
  step: EpisodeStep,
  facts: CheckFacts,
  now: number,
): WatchDoc | undefined {
  const { event } = step;
  const moved: WatchDoc = { ...doc, episode: step.state };
  const retry = stepPendingRetry(moved, step, now);
  if (retry.kind !== 'none') return afterRetry(target, retry, facts, event, now);
  if (event === undefined || event.type === 'recovered' || event.type === 'flaky') return undefined;
  const current = doc.current?.incident;
  // Red without an open incident opens one, whatever the step is called (see advanceWatch).
  if (event.type === 'still-red' && current?.status === 'open') return undefined;
  const jobs = jobsOf(facts, event.run);
  const why = retryReason(target, moved, event, jobs, facts, now);
  if (why === undefined) return undefined;
  const { red } = event;
  const blamed =
    red.lastGreenSha === undefined
      ? { suspects: [], omitted: 0 }
      : rangeOf(facts, suspectRange(red.lastGreenSha, red.firstSha));
  // flakeRetry: re-run the failed jobs once and wait for that attempt instead of paging.
  return startRetry(moved, event, jobs, blamed, why, now);
}
