import type { EpisodeEvent, EpisodeStep } from '../domain/episode.js';
import { dueSteps, type EscalationState, markFired, openEscalation } from '../domain/escalation.js';
import type { EscalationPolicy } from '../domain/escalation-policy.js';
import { recordFlake } from '../domain/flake-history.js';
import { type Incident, incidentId, openIncident, resolveIncident, stillRed } from '../domain/incident.js';
import type { ThreadNote } from '../domain/thread-note.js';
import { watchKey } from '../domain/types.js';
import {
  type Blame,
  type CheckFacts,
  type FactKey,
  factId,
  newCommitRange,
  suspectRange,
} from './check-facts.js';
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
): WatchDoc {
  const { red, run } = event;
  const blamed =
    red.lastGreenSha === undefined
      ? { suspects: [], omitted: 0 }
      : rangeOf(facts, suspectRange(red.lastGreenSha, red.firstSha));
  const incident = openIncident({
    id: incidentId(watchKey(target.watch), red.episode),
    watch: target.watch,
    red,
    run,
    failingJobs: jobsOf(facts, run),
    suspects: blamed.suspects,
    suspectsOmitted: blamed.omitted,
    // Frozen now: a later change to overseer.yml never alters this incident's steps.
    ...(target.policy === undefined ? {} : { escalation: escalationOf(target.policy, now) }),
  });
  // The incident message first; its own channel (opt-in per repo) links back to it.
  const channel = target.incidentChannels ? [{ kind: 'channel' } as const] : [];
  return enqueue(retire(doc, { incident }), incident.id, [{ kind: 'render' }, ...channel]);
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
  if (event === undefined)
    return sameState(step.state, doc.episode) ? undefined : { ...doc, episode: step.state };
  const moved: WatchDoc = { ...doc, episode: step.state };
  const current = doc.current?.incident;

  if (event.type === 'regression') return regression(target, moved, facts, event, now);
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
