/**
 * GitHub's secondary rate limits for REST as the fake GitHub keeps them:
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 * "No more than 100 concurrent requests are allowed", "no more than 900 points per minute are
 * allowed for REST API endpoints"; a GET, HEAD or OPTIONS request costs 1 point, a POST, PATCH, PUT
 * or DELETE 5 (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#calculating-points-for-the-secondary-rate-limit).
 * The docs exempt no answer from the points (a 304 costs its point too). Minutes are counted
 * whole, on the fake's clock.
 */
export interface SecondaryLimitOptions {
  /** Points a minute before requests are refused; default 900. */
  pointsPerMinute?: number;
  /** Requests in flight at once before more are refused; default 100. */
  concurrent?: number;
  /** Refuse past the limits (403 with `retry-after`); when false, only count. Default true. */
  enforce?: boolean;
}

export interface SecondaryUsage {
  /** Points spent in each whole minute of the clock (epoch minute -> points). */
  readonly pointsByMinute: ReadonlyMap<number, number>;
  /** The most requests that were in flight at once. */
  readonly maxInFlight: number;
  /** Requests refused for passing a secondary limit. */
  readonly refused: number;
}

export type Admission =
  | { readonly ok: true; readonly done: () => void }
  | { readonly ok: false; readonly retryAfter: number };

const pointsOf = (method: string): number => (['GET', 'HEAD', 'OPTIONS'].includes(method) ? 1 : 5);

export function createSecondaryLimit(options: SecondaryLimitOptions, now: () => number) {
  const perMinute = options.pointsPerMinute ?? 900;
  const concurrent = options.concurrent ?? 100;
  const enforce = options.enforce ?? true;
  const pointsByMinute = new Map<number, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  let refused = 0;
  return {
    /** Admits a request, counting its points and holding a place in flight until `done`. */
    admit(method: string): Admission {
      const at = now();
      const minute = Math.floor(at / 60_000);
      const spent = pointsByMinute.get(minute) ?? 0;
      const points = pointsOf(method);
      if (enforce && (spent + points > perMinute || inFlight >= concurrent)) {
        refused += 1;
        return { ok: false, retryAfter: Math.max(1, Math.ceil(((minute + 1) * 60_000 - at) / 1000)) };
      }
      pointsByMinute.set(minute, spent + points);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let finished = false;
      return {
        ok: true,
        done: () => {
          if (finished) return;
          finished = true;
          inFlight -= 1;
        },
      };
    },
    usage(): SecondaryUsage {
      return { pointsByMinute: new Map(pointsByMinute), maxInFlight, refused };
    },
  };
}
