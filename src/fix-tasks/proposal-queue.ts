import type { Clock, Log, Store } from '../core/ports.js';

/**
 * The store's due-time queue of owed fix task proposals, by watch key (owed-proposals.ts claims
 * from it). Without it an owed proposal would wait for the watch's next look: up to the 15-minute
 * polling floor when webhooks speak for the watch, and forever for a place a stopped replica took.
 */
export const OWED_PROPOSALS = 'proposal-owed';

/** The first retry of a proposal that failed; each further one waits twice as long, up to the cap. */
const FIRST_RETRY_MS = 60_000;
const RETRY_CAP_MS = 8 * 60_000;

/** How long after its `tries`-th failure an owed proposal is tried again: 1, 2, 4, 8, 8 … minutes. */
export function retryDelayMs(tries: number): number {
  return Math.min(RETRY_CAP_MS, FIRST_RETRY_MS * 2 ** Math.max(0, tries - 1));
}

interface QueueDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
}

/**
 * Owes the proposal of `watch` at `dueAt`. A store that cannot be written leaves the watch's next
 * look as the way out, as before the queue: logged, never thrown.
 */
export async function oweProposalAt(deps: QueueDeps, watch: string, dueAt: number): Promise<void> {
  await deps.store.schedule(OWED_PROPOSALS, watch, dueAt).catch((error: unknown) => {
    deps.log.warn(
      { err: error, watch },
      'Owed fix task proposal could not be scheduled; the next look tries',
    );
  });
}

/** The proposal of `watch` is owed no more (proposed, declined or set aside). */
export async function settledProposal(deps: QueueDeps, watch: string): Promise<void> {
  await deps.store.unschedule(OWED_PROPOSALS, watch).catch((error: unknown) => {
    deps.log.warn(
      { err: error, watch },
      'Owed fix task proposal could not be unscheduled; its tick finds it done',
    );
  });
}
