// Over 250 lines: advanceWatch is the one pure transition of the watch document; its branches read best in one place, in the order they apply.
import { watchKey } from '../core/domain/types.js';
import { recordFlake } from '../diagnosis/domain/flake-history.js';
import { escalationOf } from '../escalation/domain/escalation-of.js';
import {
  type Incident,
  incidentId,
  openIncident,
  resolveIncident,
  stillRed,
} from '../incidents/domain/incident.js';
import type { ThreadNote } from '../incidents/domain/thread-note.js';
import { type CheckFacts, jobsOf, newCommitRange, rangeOf, suspectRange } from './check-facts.js';
import type { EpisodeEvent, EpisodeStep } from './domain/episode.js';
import { enqueue, retire, type WatchDoc } from './watch-doc.js';
import type { WatchTarget } from './watch-target.js';

function sameState(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A red that opens an incident: the event's, or the red an automatic re-run waited on. */
export type Opening = Pick<Extract<EpisodeEvent, { type: 'regression' }>, 'red' | 'run'>;

/**
 * The document with an incident opened for `event`'s red: its failing jobs and suspects from
 * `facts`, its escalation frozen from the watch's policy, its message (and its own channel, when
 * the repo opts in) owed in the outbox.
 */
export function openRegression(
  target: WatchTarget,
  doc: WatchDoc,
  facts: CheckFacts,
  event: Opening,
  now: number,
  unremembered = false,
): WatchDoc {
  const { red, run } = event;
  const blamed =
    red.lastGreenSha === undefined
      ? { suspects: [], omitted: 0 }
      : rangeOf(facts, suspectRange(red.lastGreenSha, red.firstSha));
  const jobs = jobsOf(facts, run);
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
  return enqueue(retire(doc, slot), incident.id, [{ kind: 'render' }, ...channel]);
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
 * A stage may take the step over before it (takeStep: diagnosis's automatic re-run) and amend
 * what it answers after it (decide: failure memory, the decision on the event, fix tasks).
 */
export function advanceWatch(
  target: WatchTarget,
  doc: WatchDoc,
  step: EpisodeStep,
  facts: CheckFacts,
  now: number,
): WatchDoc | undefined {
  const { event } = step;
  if (event === undefined)
    return sameState(step.state, doc.episode) ? undefined : { ...doc, episode: step.state };
  const moved: WatchDoc = { ...doc, episode: step.state };
  const current = doc.current?.incident;

  if (event.type === 'regression')
    return openRegression(target, moved, facts, event, now, doc.episode.signal === 'unknown');
  if (current === undefined || current.status !== 'open') {
    // Red without an open incident (a document written by an older version): open one now.
    return event.type === 'still-red' ? openRegression(target, moved, facts, event, now) : moved;
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
  const resolved: WatchDoc = { ...moved, current: { ...doc.current, incident } };
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
