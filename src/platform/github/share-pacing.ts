import type { Log, Store } from '../../core/ports.js';
import { updateDoc } from '../../core/update-doc.js';
import type { OthersPacing } from './request-pacer.js';

/** One document for every replica's GitHub spending: its points in its last window, and when. */
export const PACING_KEY = 'github-pacing';
/** How often each replica says what it spent and reads what the others did. */
export const SHARE_EVERY_MS = 5_000;
/** A replica silent this long is gone (stopped, killed, cut off): its points count no more. */
export const SILENT_AFTER_MS = 30_000;

interface PacingDoc {
  /** Replica ID -> its points in its last window and when it said so (epoch ms, its clock). */
  readonly replicas: Readonly<Record<string, { readonly points: number; readonly at: number }>>;
}

/** The part of the request pacer that is shared (request-pacer.ts). */
export interface SharedPacer {
  spent(): number;
  share(others: OthersPacing): void;
}

/**
 * GitHub's secondary limit (900 points a minute, request-pacer.ts) is the token's, whichever
 * replica spends them: the cron cycle's polls on one replica and webhook checks on another add up.
 * Every SHARE_EVERY_MS each replica on a shared store (Redis) writes the points it spent in its
 * last window into one document and reads the others', so its pacer takes only what they left,
 * and keeps an even share of the 100 requests in flight.
 * A replica silent for SILENT_AFTER_MS no longer counts. A store that cannot be read leaves the
 * last figure until it is as old: then this replica paces alone, as a single process does, and says
 * so once (GitHub's own answer to an excess, a secondary rate limit, is honoured anyway).
 * Between two words a burst on two replicas may overlap by what each spends in SHARE_EVERY_MS.
 */
export function sharePacing(
  store: Store,
  pacer: SharedPacer,
  replicaId: string,
  now: () => number,
  log: Log,
) {
  let heardAt = now();
  let alone = false;
  return async function sync(): Promise<void> {
    const at = now();
    const points = pacer.spent();
    try {
      const { value } = await updateDoc<PacingDoc>(store, PACING_KEY, { replicas: {} }, (current) => {
        const replicas: Record<string, { points: number; at: number }> = {};
        for (const [id, said] of Object.entries(current.replicas)) {
          if (id !== replicaId && at - said.at < SILENT_AFTER_MS) replicas[id] = said;
        }
        replicas[replicaId] = { points, at };
        return { replicas };
      });
      // The document as written: this replica and the others that have spoken lately.
      const others = { points: 0, replicas: 0 };
      for (const [id, said] of Object.entries(value.replicas)) {
        if (id === replicaId) continue;
        others.points += said.points;
        others.replicas += 1;
      }
      pacer.share(others);
      heardAt = at;
      if (alone) log.info({}, 'GitHub pacing is shared with the other replicas again');
      alone = false;
    } catch (error) {
      if (alone) return;
      if (at - heardAt < SILENT_AFTER_MS) throw error;
      alone = true;
      pacer.share({ points: 0, replicas: 0 });
      log.warn(
        { err: error },
        'GitHub pacing not shared: the store did not answer; this replica paces alone until it does',
      );
    }
  };
}
