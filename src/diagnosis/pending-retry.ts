// flakeRetry: before paging for a red, re-run its failed jobs once and wait for that attempt. A
// state of the watch document, decided in the pure advance step, so it survives restarts and
// racing checks: the compare-and-set that writes `pendingRetry` is the one decision to re-run.

import type { EpisodeStep } from '../ci/domain/episode.js';
import type { Blame, CheckFacts, Opening, WatchDoc, WatchTarget } from '../ci/index.js';
import { type JobInfo, watchKey } from '../core/domain/types.js';
import { type AutoRetryOutcome, incidentId } from '../incidents/domain/incident.js';
import { retryAllowedOf } from './diagnosis-facts.js';
import { SEEN_WINDOW_MS } from './domain/failure-memory.js';
import type { PendingRetry } from './domain/pending-retry.js';
import { fingerprintsOf } from './remember-failures.js';

/** How long a re-run is waited for before paging anyway. */
export const RETRY_WAIT_MS = 20 * 60_000;
/** GitHub re-runs a workflow run at most 50 times; past that none is asked for. */
export const GITHUB_MAX_ATTEMPTS = 50;
/** Commits remembered as re-run automatically. */
const MAX_RETRIED = 50;

export type { PendingRetry };

/** What the advance step does about a pending (or possible) automatic re-run. */
export type RetryStep =
  /** Nothing to do with re-runs: advance as usual. */
  | { readonly kind: 'none' }
  /** The re-run passed: nobody is paged. */
  | { readonly kind: 'passed'; readonly doc: WatchDoc; readonly pending: PendingRetry }
  /** Page now, saying how the re-run went; `from` is the red to open the incident for. */
  | {
      readonly kind: 'page';
      readonly doc: WatchDoc;
      readonly outcome: AutoRetryOutcome;
      readonly pending: PendingRetry;
    };

function withoutPending(doc: WatchDoc): WatchDoc {
  const { pendingRetry: _done, ...rest } = doc;
  return rest;
}

/** A failure of these jobs ended as flaky within 14 days. */
function knownFlake(doc: WatchDoc, jobs: readonly JobInfo[], now: number): boolean {
  const prints = new Set(fingerprintsOf(jobs));
  return (doc.failures?.sightings ?? []).some(
    (s) =>
      prints.has(s.fingerprint) &&
      s.outcome?.kind === 'flaky' &&
      (s.resolvedAt ?? s.at) > now - SEEN_WINDOW_MS,
  );
}

/**
 * Whether this red may be re-run automatically instead of paging: flakeRetry is on and allowed
 * now (not paused), GitHub would take another attempt, its commit was not re-run already, and a
 * job failed. With `known`, only a known flake is (see retryReason).
 */
export function mayRetry(
  target: WatchTarget,
  doc: WatchDoc,
  event: Opening,
  jobs: readonly JobInfo[],
  facts: Pick<CheckFacts, 'stages'>,
): boolean {
  if ((target.flakeRetry ?? 'off') === 'off' || retryAllowedOf(facts) !== true) return false;
  if (event.run.attempt >= GITHUB_MAX_ATTEMPTS) return false;
  if ((doc.autoRetried ?? []).includes(event.run.headSha)) return false;
  return jobs.length > 0;
}

/** Whether this red, about to page, is re-run first instead; why when it is. */
export function retryReason(
  target: WatchTarget,
  doc: WatchDoc,
  event: Opening,
  jobs: readonly JobInfo[],
  facts: Pick<CheckFacts, 'stages'>,
  now: number,
): 'known' | 'all' | undefined {
  if (!mayRetry(target, doc, event, jobs, facts)) return undefined;
  if (target.flakeRetry === 'all') return 'all';
  return knownFlake(doc, jobs, now) ? 'known' : undefined;
}

/** The document waiting for a re-run of `event`'s failed jobs instead of opening an incident. */
export function startRetry(
  doc: WatchDoc,
  event: Opening,
  jobs: readonly JobInfo[],
  blame: Blame,
  why: 'known' | 'all',
  now: number,
): WatchDoc {
  const pendingRetry: PendingRetry = {
    sha: event.run.headSha,
    runId: event.run.id,
    attempt: event.run.attempt,
    until: now + RETRY_WAIT_MS,
    why,
    red: event.red,
    run: event.run,
    jobs,
    blame,
  };
  const autoRetried = [...(doc.autoRetried ?? []), event.run.headSha].slice(-MAX_RETRIED);
  return { ...doc, pendingRetry, autoRetried };
}

/** The id the incident would have had: the memory's name for a flake nobody was paged for. */
export function retryIncidentId(target: WatchTarget, pending: PendingRetry): string {
  return incidentId(watchKey(target.watch), pending.red.episode);
}

/**
 * One step of a watch waiting for an automatic re-run: green ends the wait with nobody paged;
 * red again (the re-run, or a newer commit), a re-run GitHub refused, or the time running out
 * pages. `moved` is the document with the episode already stepped.
 */
export function stepPendingRetry(moved: WatchDoc, step: EpisodeStep, now: number): RetryStep {
  const pending = moved.pendingRetry;
  if (pending === undefined) return { kind: 'none' };
  const { event } = step;
  const doc = withoutPending(moved);
  if (event?.type === 'flaky' || event?.type === 'recovered') return { kind: 'passed', doc, pending };
  if (event?.type === 'still-red') {
    return { kind: 'page', doc, pending, outcome: event.newCommit ? 'newer-red' : 'failed' };
  }
  if (event?.type === 'regression') return { kind: 'none' };
  if (pending.notStarted) return { kind: 'page', doc, pending, outcome: 'not-started' };
  if (now >= pending.until) return { kind: 'page', doc, pending, outcome: 'timed-out' };
  return { kind: 'none' };
}
