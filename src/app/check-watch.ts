import { ciSignal, type Verdict } from '../domain/ci-signal.js';
import { type EpisodeEvent, type EpisodeState, type EpisodeStep, stepEpisode } from '../domain/episode.js';
import { recordFlake } from '../domain/flake-history.js';
import { type Incident, incidentId, openIncident, resolveIncident, stillRed } from '../domain/incident.js';
import type { ThreadNote } from '../domain/thread-note.js';
import { watchKey } from '../domain/types.js';
import { type DescribeDeps, failingJobs, findSuspects, nameAuthors } from './describe-failure.js';
import { type DrainDeps, type DrainResult, drainOutbox } from './drain-outbox.js';
import type { Clock, Store } from './ports.js';
import { updateDoc } from './update-doc.js';
import { EMPTY_WATCH_DOC, enqueue, type WatchDoc, watchDocKey } from './watch-doc.js';
import type { WatchTarget } from './watch-target.js';

export interface CheckDeps extends DescribeDeps, DrainDeps {
  readonly store: Store;
  readonly clock: Clock;
}

export interface CheckResult {
  readonly verdict: Verdict['kind'];
  readonly reason?: string;
  readonly event?: EpisodeEvent['type'];
  readonly incidentId?: string;
  readonly delivery: DrainResult;
}

function sameState(a: EpisodeState, b: EpisodeState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function regression(
  deps: CheckDeps,
  target: WatchTarget,
  doc: WatchDoc,
  event: Extract<EpisodeEvent, { type: 'regression' }>,
) {
  const { red, run } = event;
  const jobs = await failingJobs(deps, target.watch.repo, run.id, run.attempt);
  const blamed =
    red.lastGreenSha === undefined
      ? { suspects: [], omitted: 0 }
      : await findSuspects(deps, target, red.lastGreenSha, red.firstSha);
  const incident = openIncident({
    id: incidentId(watchKey(target.watch), red.episode),
    watch: target.watch,
    red,
    run,
    failingJobs: jobs,
    suspects: blamed.suspects,
    suspectsOmitted: blamed.omitted,
  });
  const moved: WatchDoc = {
    ...doc,
    current: { incident },
    ...(doc.current ? { previous: doc.current } : {}),
  };
  return enqueue(moved, incident.id, [{ kind: 'render' }]);
}

async function stillRedNote(
  deps: CheckDeps,
  target: WatchTarget,
  before: Incident,
  event: Extract<EpisodeEvent, { type: 'still-red' }>,
  jobNames: string[],
): Promise<ThreadNote> {
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
  const range = await deps.ci.commitRange(target.watch.repo, before.headSha, run.headSha, 1);
  const newest = range.commits.at(-1) ?? { sha: run.headSha, title: '', authorName: 'unknown' };
  const [commit = newest] = await nameAuthors(deps, target, [newest]);
  return {
    type: 'still-red',
    commit,
    otherNewCommits: Math.max(0, range.total - 1),
    runUrl: run.url,
    failingJobs: jobNames,
  };
}

async function advance(deps: CheckDeps, target: WatchTarget, doc: WatchDoc, step: EpisodeStep) {
  const { event } = step;
  if (event === undefined)
    return sameState(step.state, doc.episode) ? undefined : { ...doc, episode: step.state };
  const moved: WatchDoc = { ...doc, episode: step.state };
  const current = doc.current?.incident;

  if (event.type === 'regression') return regression(deps, target, moved, event);
  if (current === undefined || current.status !== 'open') {
    // Red without an open incident (a document written by an older version): open one now.
    deps.log.warn({ watch: target.watch, event: event.type }, 'Episode had no open incident');
    return event.type === 'still-red'
      ? regression(deps, target, moved, { type: 'regression', red: event.red, run: event.run })
      : moved;
  }

  if (event.type === 'still-red') {
    const jobs = await failingJobs(deps, target.watch.repo, event.run.id, event.run.attempt);
    const incident = stillRed(current, event.run, jobs);
    const note = await stillRedNote(
      deps,
      target,
      current,
      event,
      jobs.map((job) => job.name),
    );
    const updated: WatchDoc = { ...moved, current: { ...doc.current, incident } };
    return enqueue(updated, incident.id, [{ kind: 'render' }, { kind: 'note', note }]);
  }

  const now = deps.clock.now();
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

/**
 * One look at one watch, the same for the cron poll and a webhook: read its runs, move its
 * episode, record the incident and the Slack work owed in one compare-and-set, then deliver the
 * work (including any left over from earlier looks). A GitHub error throws before anything is
 * recorded (after delivering what was already owed): an API error never opens or resolves anything.
 */
export async function checkWatch(deps: CheckDeps, target: WatchTarget): Promise<CheckResult> {
  let runs: Awaited<ReturnType<CheckDeps['ci']['listCompletedRuns']>>;
  try {
    runs = await deps.ci.listCompletedRuns(target.watch);
  } catch (error) {
    // GitHub being down must not hold back Slack work already owed (an ack, a re-run note).
    await drainOutbox(deps, target).catch(() => undefined);
    throw error;
  }
  const verdict = ciSignal(runs);
  let event: EpisodeEvent['type'] | undefined;
  const updated = await updateDoc(deps.store, watchDocKey(target.watch), EMPTY_WATCH_DOC, async (doc) => {
    const step = stepEpisode(doc.episode, verdict);
    event = step.event?.type;
    return advance(deps, target, doc, step);
  });
  const delivery = await drainOutbox(deps, target);
  const id = updated.value.current?.incident.id;
  return {
    verdict: verdict.kind,
    ...(verdict.kind === 'no-signal' ? { reason: verdict.reason } : {}),
    ...(updated.changed && event !== undefined ? { event } : {}),
    ...(id === undefined ? {} : { incidentId: id }),
    delivery,
  };
}
