import type { CheckStage } from '../ci/index.js';
import type { Clock, Log, Store } from '../core/ports.js';
import { pruneHistory } from './prune-history.js';
import { recordHistory } from './record-history.js';

/**
 * The report's history in a check: once recorded, the facts of episodes that ended (or whose fix
 * task moved on since) are written to the day's bucket, and buckets past the retention dropped.
 * A write that fails is logged and tried again when the watch document lets the episode go; the
 * report reads episodes the document still holds from it, so nothing it shows waits on this.
 */
export function historyStage(deps: {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
}): CheckStage {
  return {
    name: 'report-history',
    onRecord: async (_target, move) => {
      try {
        if ((await recordHistory(deps.store, move)) > 0) await pruneHistory(deps.store, deps.clock.now());
      } catch (error) {
        deps.log.warn({ err: error }, 'An episode could not be written to the report history');
      }
    },
  };
}
