import type { Clock, Log, Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import { joinStorm, type StormChoice, type StormRed } from './domain/join-storm.js';
import { type StormRecord, stormKey } from './domain/storm-record.js';

export interface ClaimDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
  readonly windowMs: number;
}

/** What the stage knows, for one incident, once its storm was claimed or joined. */
export interface StormClaim {
  readonly incidentId: string;
  readonly cause: string;
  readonly line: string;
  readonly choice: StormChoice;
  readonly windowMs: number;
}

/**
 * Leads or joins the storm of the red's channel and cause, with one compare-and-set on its
 * record: two reds at once cannot both lead, and asked again for the same incident (a retry, a
 * restart) the answer is the same. A store that cannot be read leaves the red alone: it is posted
 * and paged as any incident (alerts fail open).
 */
export async function claimStorm(deps: ClaimDeps, red: StormRed): Promise<StormClaim> {
  const base = { incidentId: red.incidentId, cause: red.cause, line: red.line, windowMs: deps.windowMs };
  let choice: StormChoice = { kind: 'lead' };
  try {
    await updateDoc<StormRecord | undefined>(
      deps.store,
      stormKey(red.channel, red.cause),
      undefined,
      (record) => {
        const outcome = joinStorm(record, red, deps.clock.now(), deps.windowMs);
        choice = outcome.choice;
        return outcome.record;
      },
    );
  } catch (error) {
    deps.log.warn(
      { err: error, incident: red.incidentId },
      'Storm could not be read; the red is posted alone',
    );
    return { ...base, choice: { kind: 'alone', reason: 'other-cause' } };
  }
  return { ...base, choice };
}
