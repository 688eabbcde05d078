import type { EpisodeEvent } from '../ci/domain/episode.js';
import { enqueue, type OutboxWork, type WatchDoc, type WatchTarget } from '../ci/index.js';
import { type DigestEntry, digestDay } from '../incidents/domain/digest.js';
import { type Incident, laterRedCount } from '../incidents/domain/incident.js';
import { bargeInWork } from './barge-in-work.js';
import { type Decision, type DecisionEvent, decide } from './domain/decision.js';
import { recordDecision } from './domain/decision-record.js';
import { escalationOf } from './domain/escalation-of.js';

type EpisodeKind = 'regression' | 'still-red' | 'recovered' | 'flaky';

/** The incident's event as the decision engine sees it; `still-red` with how long and how many. */
function eventOf(kind: EpisodeKind, incident: Incident, now: number): DecisionEvent {
  if (kind !== 'still-red') return { kind, watch: incident.watch };
  return {
    kind,
    watch: incident.watch,
    redForMs: Math.max(0, now - incident.since),
    redCommits: 1 + laterRedCount(incident),
  };
}

function digestOf(kind: EpisodeKind, incident: Incident, now: number): OutboxWork {
  const entry: DigestEntry = {
    event: kind,
    watch: incident.watch,
    incidentId: incident.id,
    sha: incident.resolvedSha ?? incident.headSha,
    runUrl: incident.run.url,
    jobs: incident.flakedJobs ?? incident.failingJobs.map((job) => job.name),
    at: now,
  };
  return { kind: 'digest', day: digestDay(now), entry };
}

/** The work this transition queued for the incident, minus what `drop` says goes. */
function without(
  before: WatchDoc,
  after: WatchDoc,
  id: string,
  drop: (work: OutboxWork) => boolean,
): WatchDoc {
  const fresh = (item: WatchDoc['outbox'][number]) =>
    item.id >= before.nextOutboxId && item.incidentId === id;
  return { ...after, outbox: after.outbox.filter((item) => !(fresh(item) && drop(item))) };
}

const isNote = (work: OutboxWork) => work.kind === 'note';
const everything = () => true;

/** A quiet incident that now needs people: its message is posted and its escalation opened. */
function wake(target: WatchTarget, incident: Incident, now: number): Incident {
  const { quiet: _quiet, ...rest } = incident;
  if (rest.escalation !== undefined || target.policy === undefined) return rest;
  return { ...rest, escalation: escalationOf(target.policy, now) };
}

/** The incident and its work, as the decision says: the transition's own work is kept or dropped. */
function act(
  target: WatchTarget,
  before: WatchDoc,
  after: WatchDoc,
  kind: EpisodeKind,
  decision: Decision,
  now: number,
): WatchDoc {
  const slot = after.current;
  if (slot === undefined) return after;
  let incident = slot.incident;
  let doc = after;
  const extra: OutboxWork[] = [];
  const { action } = decision;
  const opening = kind === 'regression';
  if (opening && (action === 'ignore' || action === 'queue')) {
    // Recorded only: no message, nobody paged, unless a later decision barges in.
    const { escalation: _none, ...rest } = incident;
    incident = { ...rest, quiet: true };
    doc = without(before, doc, incident.id, everything);
  } else if (incident.quiet === true && action !== 'barge_in') {
    doc = without(before, doc, incident.id, everything);
  } else {
    if (incident.quiet === true) {
      incident = wake(target, incident, now);
      extra.push({ kind: 'render' });
    }
    if (opening && action === 'execute_silent') {
      // Told, not chased: the incident message is posted and nobody is paged.
      const { escalation: _none, ...rest } = incident;
      incident = rest;
    }
    if (action === 'ignore' || action === 'queue') doc = without(before, doc, incident.id, isNote);
    if (action === 'barge_in') {
      const barged = bargeInWork(incident, kind, now);
      incident = barged.incident;
      extra.push(...barged.work);
    }
  }
  if (action === 'queue') extra.push(digestOf(kind, incident, now));
  const resolved = kind === 'recovered' || kind === 'flaky';
  // The DMs sent say it is over, and lose their button (an acknowledgement updates them already).
  if (resolved && slot.dms?.length && incident.acknowledgedBy === undefined) extra.push({ kind: 'dms' });
  return enqueue({ ...doc, current: { ...slot, incident } }, incident.id, extra);
}

function withDecision(doc: WatchDoc, kind: EpisodeKind, decision: Decision, now: number): WatchDoc {
  const slot = doc.current;
  if (slot === undefined) return doc;
  const decisions = recordDecision(slot.incident.decisions, kind, decision, now);
  return { ...doc, current: { ...slot, incident: { ...slot.incident, decisions } } };
}

/**
 * Red for long enough (more than 2h by default) pages whether or not a new run came: on any look
 * at an open, unacknowledged incident not barged in for it yet. Undefined when nothing is to do.
 */
function stillRedByTime(target: WatchTarget, doc: WatchDoc, now: number): WatchDoc | undefined {
  const incident = doc.current?.incident;
  if (incident === undefined || incident.status !== 'open' || incident.acknowledgedBy !== undefined) {
    return undefined;
  }
  if (incident.bargedIn?.includes('still-red')) return undefined;
  const decision = decide(eventOf('still-red', incident, now), target.rules ?? []);
  if (decision.action !== 'barge_in') return undefined;
  return act(target, doc, withDecision(doc, 'still-red', decision, now), 'still-red', decision, now);
}

/**
 * The escalation stage's `decide`, run after diagnosis's (failure memory) and before fix tasks':
 * the watch document after one episode step (`after`, from advanceWatch), with the decision on
 * the step's event applied: recorded on the incident with its reason, and the Slack work the step
 * queued kept, trimmed (ignore, queue), or joined by a barge-in's pages or a digest line. Pure,
 * so it is part of the same compare-and-set. An incident opened without an event (after an
 * automatic re-run) is decided as a regression; otherwise, without one, a long red may still barge in.
 */
export function decideEpisode(
  target: WatchTarget,
  before: WatchDoc,
  after: WatchDoc | undefined,
  event: EpisodeEvent | undefined,
  now: number,
): WatchDoc | undefined {
  const incident = after?.current?.incident;
  // Red without an open incident opens one: that is a regression, whatever the step was called
  // (also with no step at all: an automatic re-run that timed out or that GitHub refused).
  const opened = incident !== undefined && before.current?.incident.id !== incident.id;
  if (event === undefined && !opened) return stillRedByTime(target, after ?? before, now) ?? after;
  if (after === undefined || incident === undefined) return after;
  const kind: EpisodeKind = opened ? 'regression' : (event?.type ?? 'still-red');
  // No open incident to speak of (an older document's resolved one): nothing to decide.
  if (!opened && before.current?.incident.status !== 'open') return after;
  const decision = decide(eventOf(kind, incident, now), target.rules ?? []);
  return act(target, before, withDecision(after, kind, decision, now), kind, decision, now);
}
