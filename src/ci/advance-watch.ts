// Over 250 lines: advanceWatch is the one pure transition of the watch document; its branches read best in one place, in the order they apply.
import { watchKey } from '../core/domain/types.js';
import { recordSighting } from '../diagnosis/domain/failure-memory.js';
import { recordFlake } from '../diagnosis/domain/flake-history.js';
import {
  type RetryStep,
  retryIncidentId,
  retryReason,
  startRetry,
  stepPendingRetry,
} from '../diagnosis/pending-retry.js';
import {
  fingerprintsOf,
  outcomeOf,
  rememberOpening,
  rememberOutcome,
} from '../diagnosis/remember-failures.js';
import {
  dueSteps,
  type EscalationState,
  markFired,
  openEscalation,
} from '../escalation/domain/escalation.js';
import type { EscalationPolicy } from '../escalation/domain/escalation-policy.js';
import {
  type Incident,
  incidentId,
  openIncident,
  resolveIncident,
  stillRed,
} from '../incidents/domain/incident.js';
import type { ThreadNote } from '../incidents/domain/thread-note.js';
import {
  type Blame,
  type CheckFacts,
  type FactKey,
  factId,
  newCommitRange,
  suspectRange,
} from './check-facts.js';
import type { EpisodeEvent, EpisodeStep } from './domain/episode.js';
import { enqueue, retire, type WatchDoc } from './watch-doc.js';
import type { WatchTarget } from './watch-target.js';

function sameState(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function jobsOf(facts: CheckFacts, run: { id: number; attempt: number }) {
  const jobs = facts.jobs.get(factId({ kind: 'jobs', runId: run.id, attempt: run.attempt }));
  if (jobs === undefined) throw new Error(`jobs of run ${run.id} attempt ${run.attempt} were not looked up`);
  return jobs;
}

function rangeOf(facts: CheckFacts, key: Extract<FactKey, { kind: 'range' }>): Blame {
  const range = facts.ranges.get(factId(key));
  if (range === undefined) throw new Error(`commits ${key.base}..${key.head} were not looked up`);
  return range;
}

/**
 * The escalation of an incident opening now. The first round's steps due at once that only post
 * to the channel are the incident message itself: recorded as fired with it, so they cost no
 * second look (and the default policy, that one step alone, schedules nothing).
 */
export function escalationOf(policy: EscalationPolicy, now: number): EscalationState {
  let state = openEscalation(policy, now);
  for (const due of dueSteps(state, now)) {
    const postOnly = due.step.actions.every((action) => action.via === 'post');
    if (due.round === 0 && postOnly) state = markFired(state, due.key);
  }
  return state;
}

function regression(
  target: WatchTarget,
  doc: WatchDoc,
  facts: CheckFacts,
  event: Pick<Extract<EpisodeEvent, { type: 'regression' }>, 'red' | 'run'>,
  now: number,
  unremembered = false,
): WatchDoc {
  const { red, run } = event;
  const blamed =
    red.lastGreenSha === undefined
      ? { suspects: [], omitted: 0 }
      : rangeOf(facts, suspectRange(red.lastGreenSha, red.firstSha));
  const jobs = jobsOf(facts, run);
  const why = retryReason(target, doc, event, jobs, facts, now);
  // flakeRetry: re-run the failed jobs once and wait for that attempt instead of paging.
  if (why !== undefined) return startRetry(doc, event, jobs, blamed, why, now);
  const incident = openIncident({
    id: incidentId(watchKey(target.watch), red.episode),
    watch: target.watch,
    red,
    run,
    failingJobs: jobs,
    suspects: blamed.suspects,
    suspectsOmitted: blamed.omitted,
    // Frozen now: a later change to overseer.yml never alters this incident's steps.
    ...(target.policy === undefined ? {} : { escalation: escalationOf(target.policy, now) }),
  });
  // The incident message first; its own channel (opt-in per repo) links back to it.
  const channel = target.incidentChannels ? [{ kind: 'channel' } as const] : [];
  // No memory of the watch: the episode's message may be in the channel already (a store that
  // lost its data); looked for before posting, so it is adopted rather than posted twice.
  const slot = unremembered ? { incident, mayBePostedSince: red.since } : { incident };
  const opened = rememberOpening(retire(doc, slot), incident, facts, now);
  return enqueue(opened, incident.id, [{ kind: 'render' }, ...channel]);
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
  // Already re-run once: never again for this red.
  const opened = regression(target, doc, { ...given, retryAllowed: false }, red, now);
  const current = opened.current;
  if (current === undefined) return opened;
  // A re-run's log not readable (yet): the lines of the attempt it re-ran stand in.
  const failingJobs = current.incident.failingJobs.map((job) => {
    if (job.excerpt !== undefined && !('unavailable' in job.excerpt)) return job;
    const before = pending.jobs.find((earlier) => earlier.name === job.name)?.excerpt;
    return before === undefined ? job : { ...job, excerpt: before };
  });
  const withLines = rememberOpening(
    { ...opened, current: { ...current, incident: { ...current.incident, failingJobs } } },
    { ...current.incident, failingJobs },
    given,
    now,
  );
  const slot = withLines.current ?? current;
  const incident: Incident = { ...slot.incident, autoRetry: retry.outcome };
  const note: ThreadNote = { type: 'auto-retry', outcome: retry.outcome, runUrl: red.run.url };
  return enqueue({ ...withLines, current: { ...slot, incident } }, incident.id, [{ kind: 'note', note }]);
}

function stillRedNote(
  facts: CheckFacts,
  before: Incident,
  event: Extract<EpisodeEvent, { type: 'still-red' }>,
  jobNames: string[],
): ThreadNote {
  const { run } = event;
  if (!event.newCommit) {
    return {
      type: 'failed-again',
      sha: run.headSha,
      attempt: run.attempt,
      runUrl: run.url,
      failingJobs: jobNames,
    };
  }
  const range = rangeOf(facts, newCommitRange(before.headSha, run.headSha));
  const commit = range.suspects.at(-1) ?? { sha: run.headSha, title: '', authorName: 'unknown' };
  return {
    type: 'still-red',
    commit,
    otherNewCommits: Math.max(0, range.omitted),
    runUrl: run.url,
    failingJobs: jobNames,
  };
}

/**
 * The watch document after one step of its episode machine, with the Slack work it owes queued;
 * undefined when nothing changed. Pure: every GitHub look-up it needs is in `facts` (see
 * factsNeeded), so a compare-and-set retry decides again against the fresh document at no cost.
 */
export function advanceWatch(
  target: WatchTarget,
  doc: WatchDoc,
  step: EpisodeStep,
  facts: CheckFacts,
  now: number,
): WatchDoc | undefined {
  const { event } = step;
  const retry = stepPendingRetry({ ...doc, episode: step.state }, step, now);
  if (retry.kind !== 'none') return afterRetry(target, retry, facts, event, now);
  if (event === undefined)
    return sameState(step.state, doc.episode) ? undefined : { ...doc, episode: step.state };
  const moved: WatchDoc = { ...doc, episode: step.state };
  const current = doc.current?.incident;

  if (event.type === 'regression')
    return regression(target, moved, facts, event, now, doc.episode.signal === 'unknown');
  if (current === undefined || current.status !== 'open') {
    // Red without an open incident (a document written by an older version): open one now.
    return event.type === 'still-red' ? regression(target, moved, facts, event, now) : moved;
  }

  if (event.type === 'still-red') {
    const jobs = jobsOf(facts, event.run);
    const incident = stillRed(current, event.run, jobs);
    const note = stillRedNote(
      facts,
      current,
      event,
      jobs.map((job) => job.name),
    );
    const updated: WatchDoc = { ...moved, current: { ...doc.current, incident } };
    return enqueue(updated, incident.id, [{ kind: 'render' }, { kind: 'note', note }]);
  }

  const incident = resolveIncident(current, event, now);
  const fixing = doc.current?.task;
  const fixedBy = fixing && ['running', 'merged', 'verified'].includes(fixing.state) ? fixing.id : undefined;
  const remembered = rememberOutcome(
    moved,
    incident.id,
    outcomeOf(incident, fixedBy),
    now,
    doc.current?.message,
  );
  const resolved: WatchDoc = { ...remembered, current: { ...doc.current, incident } };
  if (event.type === 'recovered') {
    const note: ThreadNote = {
      type: 'recovered',
      sha: event.run.headSha,
      redForMs: event.redForMs,
      runUrl: event.run.url,
    };
    return enqueue(resolved, incident.id, [{ kind: 'render' }, { kind: 'note', note }]);
  }
  const flakes = recordFlake(resolved.flakes, now);
  const note: ThreadNote = {
    type: 'flaky',
    sha: event.run.headSha,
    redForMs: event.redForMs,
    runUrl: event.run.url,
    flakedJobs: incident.flakedJobs ?? [],
    flakesToday: flakes.flakes.length,
    repeated: flakes.repeated,
  };
  return enqueue({ ...resolved, flakes: flakes.flakes }, incident.id, [
    { kind: 'render' },
    { kind: 'note', note },
  ]);
}
