import type { CheckStage } from '../ci/index.js';
import type { Clock, Log, Store } from '../core/ports.js';
import { queueChannelArchives } from './archive-incident-channels.js';

/**
 * Incident channels in a check: once recorded, channels a day past recovery are queued for
 * archiving in the document, so archived once (by the delivery that follows).
 */
export function channelArchiveStage(deps: {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
}): CheckStage {
  return {
    name: 'incident-channels',
    onRecord: async (target, move) => {
      await queueChannelArchives(deps.store, target, move.doc, deps.clock.now()).catch((error: unknown) =>
        deps.log.warn(
          { err: error },
          'Incident channel archiving could not be queued; the next check tries again',
        ),
      );
    },
  };
}
