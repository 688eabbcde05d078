import { isDeliveryRefused } from '../core/delivery-refused.js';
import { doOnce } from '../core/do-once.js';
import type { Clock, Log, Store } from '../core/ports.js';
import { DAY_MS } from './domain/history-bucket.js';
import { type ChannelWatch, reportFor } from './report-for.js';
import { type ShareDeps, shareReport } from './share-report.js';

/** The queue of reports owed: `<channel>@<period end>`, due at once, leased while being posted. */
export const REPORT_QUEUE = 'report-due';
const LEASE_MS = 5 * 60_000;
const AT_ONCE = 10;
/** A report still owed this long after its period ended is set aside: it is news no longer. */
const OWED_AT_MOST_MS = DAY_MS;
/**
 * The fire time of `report.schedule` the replicas wait for, kept in the store: a fire time that
 * passed while no replica ran (all stopped, or one process restarting across it) is still owed
 * when the next one starts, for as long as a report may be owed.
 */
export const NEXT_FIRE_KEY = 'report:next-fire';

export interface ScheduledReportDeps extends ShareDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
  readonly replicaId: string;
  readonly watches: () => readonly ChannelWatch[];
  readonly days: number;
  /** The next time the report is due (report.schedule), or undefined when it is off. */
  readonly nextFire: () => number | undefined;
}

/**
 * The scheduled report, every channel's once per period across replicas. When a fire time of
 * `report.schedule` passes, every incident channel is owed the report of the period ending then,
 * queued in the store (any replica may queue it: the same member is queued once). Owed reports are
 * claimed with a lease and posted under a do-once claim per channel and period, then taken off the
 * queue; one that fails (Slack down) stays owed and is tried again when its lease ends. A report
 * Slack refuses for good (a channel gone or archived), or still owed a day after its period ended,
 * is set aside: taken off the queue and logged as an error for a person to look at. Once a fire
 * time passes, the next is kept in the store, so one that passes while every replica is stopped is
 * owed when the first starts again (within the day; the do-once claims keep it from being posted
 * twice).
 */
export function scheduledReports(deps: ScheduledReportDeps) {
  /** The fire time waited for; unknown until the first look has read the store's. */
  let next: number | undefined;
  let known = false;
  /** Records the next fire time waited for; another replica's write of the same does as well. */
  const remember = async (at: number | undefined) => {
    const stored = await deps.store.get<number>(NEXT_FIRE_KEY);
    if (at === undefined || stored?.value === at) return;
    await deps.store.put(NEXT_FIRE_KEY, at, stored?.version ?? 0);
  };
  /** The first look: a fire time the store waited for that passed while nobody ran is owed still. */
  const firstFire = async (now: number) => {
    const upcoming = deps.nextFire();
    const stored = (await deps.store.get<number>(NEXT_FIRE_KEY))?.value;
    const missed = stored !== undefined && stored <= now && now - stored <= OWED_AT_MOST_MS;
    // With report.schedule off nothing is caught up.
    if (missed && upcoming !== undefined) {
      deps.log.info(
        { fire: new Date(stored).toISOString() },
        'Catching up a scheduled report missed while stopped',
      );
      return stored;
    }
    // Written once a fire time passes (below), not here: a start alone changes nothing stored.
    return upcoming;
  };
  const owe = async (now: number) => {
    if (!known) {
      next = await firstFire(now);
      known = true;
    }
    if (next === undefined || next > now) return;
    const periodEnd = next;
    const channels = new Set(deps.watches().map((watch) => watch.channel));
    for (const channel of channels)
      await deps.store.schedule(REPORT_QUEUE, `${channel}@${periodEnd}`, periodEnd);
    next = deps.nextFire();
    await remember(next);
  };
  const post = async (member: string) => {
    const at = member.lastIndexOf('@');
    const channel = member.slice(0, at);
    const periodEnd = Number(member.slice(at + 1));
    const once = { claimMs: LEASE_MS, doneMs: 8 * DAY_MS };
    const outcome = await doOnce(deps.store, `report:${member}`, deps.replicaId, once, async () => {
      const built = await reportFor(
        { store: deps.store, watches: deps.watches, now: () => periodEnd },
        { channel, days: deps.days },
      );
      if (!built.ok) throw new Error(`the report could not be made: ${built.cause}`);
      await shareReport(deps, built.report, channel);
    });
    // Claimed by another replica and not done yet: left owed, in case that one fails.
    const done = outcome.ran || (await deps.store.getMarker(`report:${member}:done`)) !== undefined;
    if (done) await deps.store.unschedule(REPORT_QUEUE, member);
    return outcome.ran;
  };
  /** One look: queues what a passed fire time owes, posts what is owed; answers how many it posted. */
  return async (): Promise<number> => {
    const now = deps.clock.now();
    await owe(now);
    let posted = 0;
    for (const { member } of await deps.store.claimDue(REPORT_QUEUE, now, LEASE_MS, AT_ONCE)) {
      try {
        if (await post(member)) posted += 1;
      } catch (error) {
        const periodEnd = Number(member.slice(member.lastIndexOf('@') + 1));
        const stale = now - periodEnd > OWED_AT_MOST_MS;
        if (!isDeliveryRefused(error) && !stale) {
          deps.log.warn({ err: error, member }, 'A scheduled report could not be posted; it is tried again');
          continue;
        }
        await deps.store.unschedule(REPORT_QUEUE, member);
        const reason = isDeliveryRefused(error) ? `Slack refused it: ${error.code}` : 'owed for over a day';
        deps.log.error({ err: error, member, reason }, 'A scheduled report was set aside');
      }
    }
    return posted;
  };
}
