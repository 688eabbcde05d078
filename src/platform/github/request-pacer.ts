/**
 * GitHub's secondary rate limit for REST, kept on our side so no burst of ours reaches it:
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 * "No more than 100 concurrent requests are allowed" and "no more than 900 points per minute are
 * allowed for REST API endpoints"; GET, HEAD and OPTIONS cost 1 point, POST, PATCH, PUT and DELETE 5
 * (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#calculating-points-for-the-secondary-rate-limit).
 * A 304 costs its point like any other request: only the primary (hourly) limit exempts it
 * ("does not count against your primary rate limit",
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate),
 * so points are taken when a request is admitted, whatever it is answered.
 */
export interface PacerOptions {
  /** Points in any window before a request waits; default 900. */
  readonly pointsPerMinute?: number;
  /** The rolling window; default 60 s. Any 60 s holds at most the points, so any clock minute does. */
  readonly windowMs?: number;
  /** Requests in flight at once; default 100. */
  readonly maxInFlight?: number;
  /**
   * The longest a request may wait (at most one window counts for points); default 60 s. A request
   * that would wait longer fails at once with `PacingRefusal`, never queues for ever.
   */
  readonly maxWaitMs?: number;
  /**
   * Points of any window kept for requests outside the polling lane (webhook checks, people's
   * clicks, job logs): polling is admitted only while the window holds fewer than
   * `pointsPerMinute - reserve`; default a tenth, what the polling plan leaves (poll-budget.ts).
   */
  readonly reserve?: number;
  readonly now: () => number;
  /** Calls `fn` after `ms` on the same clock as `now`; answers a cancel. */
  readonly setTimer: (fn: () => void, ms: number) => () => void;
}

/** What the pacer did, for the metrics. */
export interface PacerStats {
  /** Requests admitted after waiting (for points or a place in flight). */
  waited: number;
  /** The time those waited, in all. */
  waitedMs: number;
  /** Requests refused because they would have waited past the bound. */
  refused: number;
  /** Requests waiting now. */
  queued: number;
  /** Requests admitted and not finished. */
  inFlight: number;
  /** Points the other replicas on the store spent in their last window, as they last said (`share`). */
  othersSpent: number;
  /** Requests this replica may have in flight: its even share of the token's (`share`). */
  inFlightCap: number;
}

/** What the other replicas on the store last said (share-pacing.ts): their points, and how many spoke. */
export interface OthersPacing {
  readonly points: number;
  readonly replicas: number;
}

/** A request that would wait past the bound: the caller gives it up (the next cycle asks again). */
export class PacingRefusal extends Error {
  override readonly name = 'PacingRefusal';
  constructor(
    readonly waitBoundMs: number,
    pointsPerMinute: number,
    maxInFlight: number,
  ) {
    super(
      `GitHub requests would wait more than ${Math.round(waitBoundMs / 1000)} s to stay under the secondary rate limit (${pointsPerMinute} points a minute, ${maxInFlight} in flight)`,
    );
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** GitHub's points for a REST request of `method`. */
export const pointsOf = (method: string): number => (READS.has(method.toUpperCase()) ? 1 : 5);

/**
 * Whose request it is: `first`, anything a webhook, a person or a fix started; `polling`, the
 * cron cycle's looks. A waiting `first` request is admitted before any waiting `polling` one, and
 * polling never takes the window's reserve: the primary signal is not queued behind the polls.
 */
export type PacerLane = 'first' | 'polling';

interface Waiter {
  readonly points: number;
  readonly since: number;
  readonly admit: (release: () => void) => void;
  readonly refuse: (error: PacingRefusal) => void;
  cancelDeadline: () => void;
  gone: boolean;
}

/** One lane's waiting requests, first in, first out. */
interface Queue {
  readonly waiters: Waiter[];
  head: number;
  points: number;
}

/**
 * Admits requests first in, first out within a lane, the `first` lane before `polling`: a
 * request waits while the last window's points plus its own would pass its lane's limit (the
 * whole limit, or the limit less the reserve for polling), or while the most requests are in
 * flight. `acquire` answers the release to call when the request has finished (answered or failed).
 */
export function createRequestPacer(options: PacerOptions) {
  const limit = options.pointsPerMinute ?? 900;
  const reserve = Math.min(options.reserve ?? Math.floor(limit / 10), limit - 5);
  const windowMs = options.windowMs ?? 60_000;
  const maxInFlight = options.maxInFlight ?? 100;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const { now, setTimer } = options;
  const stats: PacerStats = {
    waited: 0,
    waitedMs: 0,
    refused: 0,
    queued: 0,
    inFlight: 0,
    othersSpent: 0,
    inFlightCap: maxInFlight,
  };

  /** Admissions still in the window, oldest first (times never go back: the clock is monotonic). */
  const spent: Array<{ at: number; points: number }> = [];
  let spentHead = 0;
  let spentPoints = 0;
  const lanes: Record<PacerLane, Queue> = {
    first: { waiters: [], head: 0, points: 0 },
    polling: { waiters: [], head: 0, points: 0 },
  };
  const ownCapOf = (lane: PacerLane) => (lane === 'polling' ? limit - reserve : limit);
  const capOf = (lane: PacerLane) => ownCapOf(lane) - stats.othersSpent;
  let wake: { at: number; cancel: () => void } | undefined;

  const forget = (at: number) => {
    while (spentHead < spent.length) {
      const oldest = spent[spentHead];
      if (oldest === undefined || oldest.at + windowMs > at) break;
      spentPoints -= oldest.points;
      spentHead += 1;
    }
    if (spentHead > 1024 && spentHead * 2 > spent.length) {
      spent.splice(0, spentHead);
      spentHead = 0;
    }
  };
  /** When the window will hold `points` fewer than now: the time the needed oldest entries leave. */
  const freedAt = (points: number): number => {
    let freed = 0;
    for (let i = spentHead; i < spent.length; i += 1) {
      const entry = spent[i];
      if (entry === undefined) break;
      freed += entry.points;
      if (freed >= points) return entry.at + windowMs;
    }
    return now();
  };
  /** Points the window holds at `at` of what was admitted until now. */
  const stillSpentAt = (at: number): number => {
    let held = spentPoints;
    for (let i = spentHead; i < spent.length; i += 1) {
      const entry = spent[i];
      if (entry === undefined || entry.at + windowMs > at) break;
      held -= entry.points;
    }
    return held;
  };

  const take = (points: number): (() => void) => {
    spent.push({ at: now(), points });
    spentPoints += points;
    stats.inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      stats.inFlight -= 1;
      pump();
    };
  };
  const headOf = (queue: Queue): Waiter | undefined => {
    while (queue.head < queue.waiters.length && queue.waiters[queue.head]?.gone) queue.head += 1;
    if (queue.head > 1024 && queue.head * 2 > queue.waiters.length) {
      queue.waiters.splice(0, queue.head);
      queue.head = 0;
    }
    return queue.waiters[queue.head];
  };
  /** The lane whose head goes next: `first` while it has one waiting. */
  const nextLane = (): PacerLane | undefined => {
    if (headOf(lanes.first) !== undefined) return 'first';
    return headOf(lanes.polling) === undefined ? undefined : 'polling';
  };
  const leave = (waiter: Waiter, queue: Queue) => {
    waiter.gone = true;
    waiter.cancelDeadline();
    queue.points -= waiter.points;
    stats.queued -= 1;
  };
  const sleepUntil = (at: number) => {
    if (wake !== undefined && wake.at <= at) return;
    wake?.cancel();
    const cancel = setTimer(
      () => {
        wake = undefined;
        pump();
      },
      Math.max(0, at - now()),
    );
    wake = { at, cancel };
  };

  function pump() {
    const at = now();
    forget(at);
    for (let lane = nextLane(); lane !== undefined; lane = nextLane()) {
      const queue = lanes[lane];
      const head = headOf(queue);
      if (head === undefined || stats.inFlight >= stats.inFlightCap) return;
      const cap = capOf(lane);
      if (spentPoints + head.points > cap) {
        const needed = spentPoints + head.points - cap;
        // More than this replica's own window will free: only the others' next word (`share`)
        // or the request's deadline moves it.
        if (needed > spentPoints) {
          wake?.cancel();
          wake = undefined;
          return;
        }
        sleepUntil(freedAt(needed));
        return;
      }
      leave(head, queue);
      if (at > head.since) {
        stats.waited += 1;
        stats.waitedMs += at - head.since;
      }
      head.admit(take(head.points));
    }
    wake?.cancel();
    wake = undefined;
  }

  return {
    stats,
    /** Points this replica spent in the window up to now, for the others on the store. */
    spent(): number {
      forget(now());
      return spentPoints;
    },
    /**
     * What the other replicas on the store spent in their last window, and how many they are
     * (share-pacing.ts): GitHub's limits are the token's, so this replica's points are what the
     * others left, and its requests in flight an even share of the hundred (a share of a count
     * at one instant cannot be traded every few seconds as points can). Requests waiting for what
     * the others freed are admitted at once.
     */
    share(others: OthersPacing): void {
      stats.othersSpent = Math.max(0, Math.min(limit, others.points));
      stats.inFlightCap = Math.max(1, Math.floor(maxInFlight / (1 + Math.max(0, others.replicas))));
      pump();
    },
    /**
     * Waits for the request's points and a place in flight; answers the release. `lane` says
     * whose request it is (PacerLane); the cycle's polling yields to everything else.
     */
    acquire(method: string, lane: PacerLane = 'first'): Promise<() => void> {
      const points = pointsOf(method);
      const at = now();
      forget(at);
      const cap = capOf(lane);
      // Points waiting ahead of it: its own lane's, and for polling the first lane's too.
      const ahead = lane === 'first' ? lanes.first.points : lanes.first.points + lanes.polling.points;
      const queued = lane === 'first' ? headOf(lanes.first) : nextLane();
      if (queued === undefined && stats.inFlight < stats.inFlightCap && spentPoints + points <= cap) {
        return Promise.resolve(take(points));
      }
      // Everything admitted from now until the bound lies in the one window that ends there, with
      // what is still spent then: past that, this request could not be admitted in time. What the
      // other replicas spent will have left their windows too (what they spend next is not known).
      const bound = Math.min(maxWaitMs, windowMs);
      if (ahead + points > ownCapOf(lane) - stillSpentAt(at + bound)) {
        stats.refused += 1;
        return Promise.reject(new PacingRefusal(maxWaitMs, limit, maxInFlight));
      }
      const queue = lanes[lane];
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          points,
          since: at,
          admit: resolve,
          refuse: reject,
          cancelDeadline: () => {},
          gone: false,
        };
        queue.waiters.push(waiter);
        queue.points += points;
        stats.queued += 1;
        // Held past the bound (by requests in flight that do not finish, or by the first lane):
        // given up, out of the queue. Points freed at the bound itself still admit it.
        waiter.cancelDeadline = setTimer(() => {
          pump();
          if (waiter.gone) return;
          leave(waiter, queue);
          stats.refused += 1;
          waiter.refuse(new PacingRefusal(maxWaitMs, limit, maxInFlight));
          pump();
        }, maxWaitMs);
        pump();
      });
    },
  };
}
