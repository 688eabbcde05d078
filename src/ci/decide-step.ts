import { advanceWatch } from './advance-watch.js';
import type { CheckFacts } from './check-facts.js';
import type { CheckStage } from './check-stage.js';
import type { EpisodeStep } from './domain/episode.js';
import type { WatchDoc } from './watch-doc.js';
import type { WatchTarget } from './watch-target.js';

/** The step taken over by the first stage that answers for it (takeStep), else by advanceWatch. */
function advance(
  stages: readonly CheckStage[],
  target: WatchTarget,
  doc: WatchDoc,
  step: EpisodeStep,
  facts: CheckFacts,
  now: number,
): WatchDoc | undefined {
  for (const stage of stages) {
    const taken = stage.takeStep?.(target, doc, step, facts, now);
    if (taken !== undefined) return taken;
  }
  return advanceWatch(target, doc, step, facts, now);
}

/**
 * The document one episode step leads to (undefined: nothing to write), with the work it owes:
 * the step advanced (by a stage that takes it over, or by advanceWatch), then amended by each
 * stage's `decide`, in the stages' order. Pure: every look-up it needs is in `facts`.
 */
export function decideStep(
  stages: readonly CheckStage[],
  target: WatchTarget,
  doc: WatchDoc,
  step: EpisodeStep,
  facts: CheckFacts,
  now: number,
): WatchDoc | undefined {
  let next = advance(stages, target, doc, step, facts, now);
  for (const stage of stages)
    if (stage.decide) next = stage.decide(target, doc, next, step.event, now, facts);
  return next;
}
