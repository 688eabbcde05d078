import type { DrainResult } from '../incidents/domain/drain-result.js';
import type { CheckFacts, FactKey } from './check-facts.js';
import type { EpisodeEvent, EpisodeStep } from './domain/episode.js';
import type { WatchDoc } from './watch-doc.js';
import type { WatchTarget } from './watch-target.js';

/** One look's outcome once its compare-and-set is done (or found nothing to write). */
export interface CheckMove {
  readonly doc: WatchDoc;
  readonly event?: EpisodeEvent['type'];
  /** The document this move's write replaced; absent when nothing was written. */
  readonly previous?: WatchDoc;
}

/**
 * What a capability adds to one check, by phase: read → decide (pure) → record once → deliver.
 * The check runs the stages in the order the composition root gives them, hook by hook; it names
 * none of them. Every hook is optional.
 */
export interface CheckStage {
  readonly name: string;
  /**
   * Read: makes those of `keys` that are this stage's own kind of look-up (ci makes the failing
   * jobs and the commit ranges), into `facts`. Throws on a GitHub error: nothing is recorded then.
   */
  readonly readFacts?: (target: WatchTarget, facts: CheckFacts, keys: readonly FactKey[]) => Promise<void>;
  /** Decide, pure: the GitHub look-ups this stage's decisions need before the compare-and-set. */
  readonly factsNeeded?: (
    target: WatchTarget,
    doc: WatchDoc,
    event: EpisodeEvent | undefined,
    facts: CheckFacts,
    now: number,
  ) => FactKey[];
  /**
   * Decide, pure, before the episode's own advance (advanceWatch): the next document when this
   * stage takes the step over (diagnosis: a red re-run automatically instead of opening an
   * incident, or the re-run waited for ending); undefined leaves the step to the next stage and
   * then to advanceWatch. The first stage that answers wins; `decide` hooks still run after it.
   */
  readonly takeStep?: (
    target: WatchTarget,
    doc: WatchDoc,
    step: EpisodeStep,
    facts: CheckFacts,
    now: number,
  ) => WatchDoc | undefined;
  /** Decide, pure: amends the document about to be written (undefined: nothing to write yet). */
  readonly decide?: (
    target: WatchTarget,
    before: WatchDoc,
    next: WatchDoc | undefined,
    event: EpisodeEvent | undefined,
    now: number,
    facts: CheckFacts,
  ) => WatchDoc | undefined;
  /** Recorded: acts on what the write decided; false when the check must decide once more. */
  readonly confirm?: (target: WatchTarget, move: CheckMove) => Promise<boolean>;
  /** Recorded: work owed elsewhere in the store (schedules, queues, followed pull requests). */
  readonly onRecord?: (target: WatchTarget, move: CheckMove) => Promise<void>;
  /** Delivered: work after the outbox is drained; answers the delivery so far. */
  readonly afterDeliver?: (
    target: WatchTarget,
    move: CheckMove,
    delivery: DrainResult,
  ) => Promise<DrainResult>;
}

/** A stage's pure decide hook (CheckStage.decide), for hooks written on their own. */
export type Decide = NonNullable<CheckStage['decide']>;
