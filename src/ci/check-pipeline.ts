import type { Clock, Log, Store } from '../core/ports.js';
import { ConcurrentUpdateError } from '../core/update-doc.js';
import type { DrainResult } from '../incidents/domain/drain-result.js';
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
import type { CheckMove, CheckStage } from './check-stage.js';
import { decideStep } from './decide-step.js';
import { ciSignal, type Verdict } from './domain/ci-signal.js';
import { type EpisodeEvent, stepEpisode } from './domain/episode.js';
import { readRuns } from './read-runs.js';
import { EMPTY_WATCH_DOC, type WatchDoc, watchDocKey } from './watch-doc.js';
import type { WatchTarget } from './watch-target.js';

export interface PipelineDeps extends FactDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
  /** What the capabilities add to a check, in the order their hooks run (the composition root's). */
  readonly stages: readonly CheckStage[];
  /** Delivers the Slack work the watch's document owes (the incidents' outbox). */
  readonly deliver: (target: WatchTarget) => Promise<DrainResult>;
}

export interface CheckResult {
  readonly verdict: Verdict['kind'];
  readonly reason?: string;
  readonly event?: EpisodeEvent['type'];
  readonly incidentId?: string;
  /** The current incident is open (not recovered, not flaky). */
  readonly incidentOpen: boolean;
  /** The state of the current incident's fix task, if it has one. */
  readonly taskState?: string;
  readonly delivery: DrainResult;
}

/** Rounds (conflicts and look-ups) one check makes before it gives up; the next check starts over. */
const MAX_ROUNDS = 12;

interface Moved extends CheckMove {
  readonly verdict: Verdict;
}

/** Makes the look-ups `missing` names: ci's own, then each stage's own kinds. */
async function readFacts(deps: PipelineDeps, target: WatchTarget, facts: CheckFacts, missing: FactKey[]) {
  await gatherFacts(deps, target, facts, missing);
  for (const stage of deps.stages) await stage.readFacts?.(target, facts, missingFacts(facts, missing));
  const unread = missingFacts(facts, missing)[0];
  if (unread === undefined) return;
  // A look-up no stage makes would only spin the rounds out: say which one, and record nothing.
  const name = unread.kind === 'stage' ? factId(unread) : unread.kind;
  throw new Error(`no stage of this check reads the ${name} look-up`);
}

/**
 * Moves the watch's document by what `runs` say, deciding afresh against the stored document on
 * every compare-and-set attempt: a check racing another (a webhook and the poll) ends as if the
 * two had run one after the other, and an older look never moves a newer episode back. The
 * GitHub look-ups a transition needs are made between attempts, never inside one, and are kept
 * for the next attempt.
 */
async function move(deps: PipelineDeps, target: WatchTarget, runs: Parameters<typeof ciSignal>[0]) {
  const key = watchDocKey(target.watch);
  const facts = emptyFacts();
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const stored = await deps.store.get<WatchDoc>(key);
    const doc = stored?.value ?? EMPTY_WATCH_DOC;
    const verdict = ciSignal(runs, doc.episode.stand);
    const step = stepEpisode(doc.episode, verdict);
    const needed = [...factsNeeded(doc, step)];
    for (const stage of deps.stages)
      needed.push(...(stage.factsNeeded?.(target, doc, step.event, facts, deps.clock.now()) ?? []));
    const missing = missingFacts(facts, needed);
    if (missing.length > 0) {
      await readFacts(deps, target, facts, missing);
      continue;
    }
    const next = decideStep(deps.stages, target, doc, step, facts, deps.clock.now());
    if (next === undefined) return { verdict, doc } satisfies Moved;
    const written = await deps.store.put(key, next, stored?.version ?? 0);
    if (written.ok)
      return {
        verdict,
        doc: next,
        previous: doc,
        ...(step.event ? { event: step.event.type } : {}),
      } satisfies Moved;
  }
  throw new ConcurrentUpdateError(`gave up updating ${key} after ${MAX_ROUNDS} rounds of conflicting writes`);
}

/**
 * One look at one watch, the same for the cron poll, a webhook and `/overseer check`: read its
 * runs (as many pages as it takes to reach a decisive commit), decide (pure), record the incident
 * and the Slack work owed in one compare-and-set, then deliver the work (including any left over
 * from earlier looks). Each stage's hooks run in the stages' order at their phase. A GitHub error
 * throws before anything is recorded (after delivering what was already owed): an API error
 * never opens or resolves anything.
 */
export async function runCheck(deps: PipelineDeps, target: WatchTarget): Promise<CheckResult> {
  let moved: Moved;
  try {
    const before = await deps.store.get<WatchDoc>(watchDocKey(target.watch));
    const runs = await readRuns(deps.ci, target.watch, before?.value.episode.stand);
    moved = await move(deps, target, runs);
    for (const stage of deps.stages) {
      // A stage that could not carry out what was decided (GitHub refused a re-run): decide again.
      if (stage.confirm && !(await stage.confirm(target, moved))) {
        moved = await move(deps, target, runs);
        break;
      }
    }
  } catch (error) {
    // GitHub being down must not hold back Slack work already owed (an ack, a re-run note).
    await deps.deliver(target).catch(() => undefined);
    throw error;
  }
  for (const stage of deps.stages) await stage.onRecord?.(target, moved);
  let delivery = await deps.deliver(target);
  for (const stage of deps.stages)
    if (stage.afterDeliver) delivery = await stage.afterDeliver(target, moved, delivery);
  const { verdict } = moved;
  const id = moved.doc.current?.incident.id;
  const taskState = moved.doc.current?.task?.state;
  return {
    verdict: verdict.kind,
    ...(verdict.kind === 'no-signal' ? { reason: verdict.reason } : {}),
    ...(moved.event === undefined ? {} : { event: moved.event }),
    ...(id === undefined ? {} : { incidentId: id }),
    incidentOpen: moved.doc.current?.incident.status === 'open',
    ...(taskState === undefined ? {} : { taskState }),
    delivery,
  };
}
