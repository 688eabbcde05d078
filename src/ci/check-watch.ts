import { watchKey } from '../core/domain/types.js';
import type { Clock, FixForge, Store } from '../core/ports.js';
import { ConcurrentUpdateError } from '../core/update-doc.js';
import { askRetry } from '../diagnosis/ask-retry.js';
import { diagnoseIncident } from '../diagnosis/diagnose-incident.js';
import { linesBeforeDeciding } from '../diagnosis/lines-before-deciding.js';
import type { PendingRetry } from '../diagnosis/pending-retry.js';
import { seenLinkNeeded } from '../diagnosis/remember-failures.js';
import { scheduleEscalation } from '../escalation/fire-due-steps.js';
import { followedTasks, followFixes } from '../fix-tasks/follow-fix.js';
import { followTask, openTaskIds } from '../fix-tasks/follow-task.js';
import type { OriginateOutcome } from '../fix-tasks/originate-task.js';
import { proposeOwedTask } from '../fix-tasks/propose-owed-task.js';
import { releaseTasks } from '../fix-tasks/task-book.js';
import { oweTaskProposal } from '../fix-tasks/task-proposal.js';
import { queueChannelArchives } from '../incidents/archive-incident-channels.js';
import { type DrainDeps, type DrainResult, drainOutbox } from '../incidents/drain-outbox.js';
import { advanceWatch } from './advance-watch.js';
import {
  type CheckFacts,
  emptyFacts,
  type FactDeps,
  type FactKey,
  factId,
  factsNeeded,
  gatherFacts,
  missingFacts,
} from './check-facts.js';
import { decideEpisode } from './decide-episode.js';
import { ciSignal, type Verdict } from './domain/ci-signal.js';
import { type EpisodeEvent, stepEpisode } from './domain/episode.js';
import { readRuns } from './read-runs.js';
import { EMPTY_WATCH_DOC, type WatchDoc, watchDocKey } from './watch-doc.js';
import type { WatchTarget } from './watch-target.js';

export interface CheckDeps extends FactDeps, DrainDeps {
  readonly store: Store;
  readonly clock: Clock;
  /**
   * Proposes a fix task for an incident people are told about (the second opt-in); absent, none is
   * proposed. Owed in the watch document first, so a failure or a crash is retried on the next look.
   */
  readonly originate?: (target: WatchTarget, incidentId: string) => Promise<OriginateOutcome>;
  /** GitHub as fix tasks use it; absent, fixes with a pull request are not followed. */
  readonly forge?: FixForge;
  /** Who is @-mentioned when a fix task needs people. */
  readonly approvers?: readonly string[];
}

export interface CheckResult {
  readonly verdict: Verdict['kind'];
  readonly reason?: string;
  readonly event?: EpisodeEvent['type'];
  readonly incidentId?: string;
  readonly delivery: DrainResult;
}

/** Rounds (conflicts and look-ups) one check makes before it gives up; the next check starts over. */
const MAX_ROUNDS = 12;

interface Moved {
  readonly verdict: Verdict;
  readonly event?: EpisodeEvent['type'];
  readonly doc: WatchDoc;
  /** This move's write decided on an automatic re-run: this check asks GitHub for it. */
  readonly retry?: PendingRetry;
}

/**
 * Look-ups an opening incident needs beyond factsNeeded: the pause before an automatic re-run,
 * the jobs' error lines when a re-run may be decided, and the link to an earlier incident with
 * the same failure (known once the jobs' lines are read).
 */
function openingFactsNeeded(
  target: WatchTarget,
  doc: WatchDoc,
  step: ReturnType<typeof stepEpisode>,
  facts: CheckFacts,
  now: number,
): FactKey[] {
  const { event } = step;
  if (event === undefined || event.type === 'recovered' || event.type === 'flaky') return [];
  const current = doc.current?.incident;
  if (event.type !== 'regression' && current?.status === 'open') return [];
  const retry: FactKey[] =
    (target.flakeRetry ?? 'off') !== 'off' && doc.pendingRetry === undefined
      ? [{ kind: 'retry-allowed' }]
      : [];
  const jobs = facts.jobs.get(factId({ kind: 'jobs', runId: event.run.id, attempt: event.run.attempt }));
  const id = `${watchKey(target.watch)}#${event.red.episode}`;
  if (jobs === undefined) return retry;
  // After a failed automatic re-run, the attempt it re-ran may be the one with readable lines.
  const all = [...jobs, ...(doc.pendingRetry?.jobs ?? [])];
  // Lines before deciding only for flakeRetry; otherwise diagnoseIncident reads them after the post.
  const lines = linesBeforeDeciding(target, doc, event, jobs, facts);
  return [...retry, ...lines, ...seenLinkNeeded(doc, all, id, now)];
}

/**
 * Moves the watch's document by what `runs` say, deciding afresh against the stored document on
 * every compare-and-set attempt: a check racing another (a webhook and the poll) ends as if the
 * two had run one after the other, and an older look never moves a newer episode back. The
 * GitHub look-ups a transition needs are made between attempts, never inside one, and are kept
 * for the next attempt.
 */
async function move(deps: CheckDeps, target: WatchTarget, runs: Parameters<typeof ciSignal>[0]) {
  const key = watchDocKey(target.watch);
  const facts = emptyFacts();
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const stored = await deps.store.get<WatchDoc>(key);
    const doc = stored?.value ?? EMPTY_WATCH_DOC;
    const verdict = ciSignal(runs, doc.episode.stand);
    const step = stepEpisode(doc.episode, verdict);
    const needed = [
      ...factsNeeded(doc, step),
      ...openingFactsNeeded(target, doc, step, facts, deps.clock.now()),
    ];
    const missing = missingFacts(facts, needed);
    if (missing.length > 0) {
      await gatherFacts(deps, target, facts, missing);
      continue;
    }
    const now = deps.clock.now();
    const advanced = decideEpisode(target, doc, advanceWatch(target, doc, step, facts, now), step.event, now);
    const followed = followTask(advanced ?? doc, step.event, now, deps.approvers, target.rules) ?? advanced;
    const next =
      followed !== undefined && deps.originate !== undefined ? oweTaskProposal(doc, followed, now) : followed;
    if (next === undefined) return { verdict, doc } satisfies Moved;
    const written = await deps.store.put(key, next, stored?.version ?? 0);
    const retry = doc.pendingRetry === undefined ? next.pendingRetry : undefined;
    if (written.ok)
      return {
        verdict,
        doc: next,
        ...(step.event ? { event: step.event.type } : {}),
        ...(retry ? { retry } : {}),
      } satisfies Moved;
  }
  throw new ConcurrentUpdateError(`gave up updating ${key} after ${MAX_ROUNDS} rounds of conflicting writes`);
}

/**
 * Queues the current incident's next escalation step (or takes it out once none is left). Done
 * after every transition and on every look at an open incident, so a crash between the CAS that
 * opened it and this write is made good by the next look.
 */
async function keepEscalationScheduled(deps: CheckDeps, moved: Moved): Promise<void> {
  const incident = moved.doc.current?.incident;
  if (incident?.escalation === undefined) return;
  const live = incident.status === 'open' && incident.acknowledgedBy === undefined;
  if (!live && moved.event === undefined) return;
  await scheduleEscalation(deps.store, moved.doc, incident.id, deps.clock.now()).catch((error: unknown) =>
    deps.log.warn(
      { err: error, incident: incident.id },
      'Escalation could not be scheduled; the next check tries again',
    ),
  );
}

/** Frees the caps' places of this watch's tasks that have finished, from a fresh read. */
async function releaseFinishedTasks(deps: CheckDeps, target: WatchTarget): Promise<void> {
  const openIds = async () =>
    openTaskIds((await deps.store.get<WatchDoc>(watchDocKey(target.watch)))?.value ?? EMPTY_WATCH_DOC);
  await releaseTasks(deps.store, watchKey(target.watch), openIds, deps.clock.now());
}

/** Proposes the fix task the watch document owes its current incident, if any (task-proposal.ts). */
async function proposeTask(deps: CheckDeps, target: WatchTarget, doc: WatchDoc): Promise<boolean> {
  const { originate } = deps;
  if (originate === undefined || doc.current?.proposal === undefined) return false;
  return proposeOwedTask({ ...deps, originate }, target, doc).catch((error: unknown) => {
    deps.log.warn({ err: error }, 'Owed fix task proposal could not be settled; the next check tries again');
    return false;
  });
}

/**
 * One look at one watch, the same for the cron poll, a webhook and `/overseer check`: read its
 * runs (as many pages as it takes to reach a decisive commit), move its episode, record the
 * incident and the Slack work owed in one compare-and-set, then deliver the work (including any
 * left over from earlier looks). A GitHub error throws before anything is recorded (after
 * delivering what was already owed): an API error never opens or resolves anything.
 */
export async function checkWatch(deps: CheckDeps, target: WatchTarget): Promise<CheckResult> {
  let moved: Moved;
  try {
    const before = await deps.store.get<WatchDoc>(watchDocKey(target.watch));
    const runs = await readRuns(deps.ci, target.watch, before?.value.episode.stand);
    moved = await move(deps, target, runs);
    // Refused by GitHub: the next move pages at once, with the same runs.
    if (moved.retry !== undefined && !(await askRetry(deps, target, moved.retry))) {
      moved = await move(deps, target, runs);
    }
  } catch (error) {
    // GitHub being down must not hold back Slack work already owed (an ack, a re-run note).
    await drainOutbox(deps, target).catch(() => undefined);
    throw error;
  }
  await keepEscalationScheduled(deps, moved);
  // Incident channels a day past recovery: queued in the document, so archived once (drained below).
  await queueChannelArchives(deps.store, target, moved.doc, deps.clock.now()).catch((error: unknown) =>
    deps.log.warn(
      { err: error },
      'Incident channel archiving could not be queued; the next check tries again',
    ),
  );
  if (deps.forge !== undefined && followedTasks(moved.doc).length > 0) {
    await followFixes({ ...deps, forge: deps.forge, approvers: deps.approvers ?? [] }, target, moved.doc);
  }
  // The alert first: a proposed fix task never holds back the incident's post.
  let delivery = await drainOutbox(deps, target);
  // Diagnosis: the failing jobs' error lines follow the posted incident in an update.
  delivery = await diagnoseIncident(deps, target, delivery);
  if (await proposeTask(deps, target, moved.doc)) {
    const more = await drainOutbox(deps, target);
    delivery = {
      ...more,
      delivered: delivery.delivered + more.delivered,
      failed: delivery.failed || more.failed,
    };
  }
  await releaseFinishedTasks(deps, target).catch((error: unknown) =>
    deps.log.warn({ err: error }, 'Fix task places could not be released; the next check tries again'),
  );
  const { verdict } = moved;
  const id = moved.doc.current?.incident.id;
  return {
    verdict: verdict.kind,
    ...(verdict.kind === 'no-signal' ? { reason: verdict.reason } : {}),
    ...(moved.event === undefined ? {} : { event: moved.event }),
    ...(id === undefined ? {} : { incidentId: id }),
    delivery,
  };
}
