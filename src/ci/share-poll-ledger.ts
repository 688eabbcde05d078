import type { Clock, Log, Store } from '../core/ports.js';
import { updateDoc } from '../core/update-doc.js';
import { mergePollMarks, type PollMarks } from './domain/poll-marks.js';
import type { PollLedger } from './poll-ledger.js';

/** One document for every replica's looks and webhooks: a mark per live watch, nothing more. */
export const POLL_MARKS_KEY = 'poll-marks';

interface PollMarksDoc {
  readonly marks: PollMarks;
}

/**
 * Makes each replica's looks and webhooks known to the others, so the planner of whichever replica
 * runs the next cycle does not look again at a watch another replica just looked at, or poll as
 * quiet a watch whose webhooks reach another replica. `sync` writes this ledger's marks into the
 * shared document (compare-and-set; each mark merged by its later time, so writers never undo each
 * other) and takes the merged marks back, from its second sync on (see `first`). A store that
 * cannot be read leaves the ledger as it was:
 * the planner then knows only this replica's looks, as before.
 */
export function sharePollLedger(
  store: Store,
  ledger: Pick<PollLedger, 'marks' | 'adopt'>,
  clock: Clock,
  log: Log,
) {
  // A process's first plan is made from its own ledger alone, empty at start: a new or restarted
  // replica looks at every watch once, within the budget, as a single process does after a
  // restart. That look catches a webhook whose check died with another replica (GitHub does not
  // deliver it again); adopting the others' marks at once would leave it to the 15-minute floor.
  let first = true;
  return {
    async sync(): Promise<void> {
      try {
        const mine = ledger.marks();
        const now = clock.now();
        const { value } = await updateDoc<PollMarksDoc>(store, POLL_MARKS_KEY, { marks: {} }, (current) => {
          const merged = mergePollMarks(current.marks, mine, now);
          return merged.changed ? { marks: merged.marks } : undefined;
        });
        if (!first) ledger.adopt(value.marks);
        first = false;
      } catch (error) {
        log.warn({ err: error }, 'Polling marks could not be shared with other replicas');
      }
    },
  };
}
