/**
 * What the polling planner knows of one watch. Times are epoch ms.
 */
export interface PollWatch {
  readonly key: string;
  /** When the watch was last looked at (a poll, a webhook's check, `/overseer check`); undefined: never. */
  readonly lookedAt?: number;
  /** When a webhook about the watch last arrived; undefined: never. */
  readonly heardAt?: number;
  /** Run-list pages its last look read (1 for an idle watch); what its next look is expected to cost. */
  readonly pages?: number;
}

/** GitHub's limits as the planner reads them, and the window until the next plan. */
export interface PollBudget {
  /** The cycle's interval: the planner is asked again after this long. */
  readonly windowMs: number;
  /** Points of the secondary limit a minute left for polling (GET: 1 point each). */
  readonly pointsPerMinute: number;
  /** Primary (hourly) requests left as GitHub last said (`x-ratelimit-remaining`); undefined: not known yet. */
  readonly remaining?: number;
  /** When the primary budget resets (`x-ratelimit-reset`, in ms); undefined: not known yet. */
  readonly resetAt?: number;
  /** The hourly budget in full (`x-ratelimit-limit`); undefined: not known yet. */
  readonly limit?: number;
  /**
   * The share of recent GETs GitHub answered with a body (counted against the primary limit), the
   * rest 304 (free): what one point of polling is expected to cost of the hourly budget.
   */
  readonly changedShare: number;
}

export interface PollPlan {
  /** The watches to look at in this window, most urgent first. */
  readonly due: readonly string[];
  /** The pace to start them at, in points a minute: the cycle spreads its looks by it. */
  readonly pointsPerMinute: number;
  /** The interval aimed at: for watches a webhook spoke for lately, and for the others. */
  readonly intervalMs: { readonly heard: number; readonly quiet: number };
  /** Points the due looks are expected to cost (pages). */
  readonly points: number;
  /** Watches that had to be left out although they reach MAX_POLL_INTERVAL_MS: the budget is too small. */
  readonly late: number;
  /** What held the plan back, if anything. */
  readonly limitedBy: 'nothing' | 'secondary' | 'primary';
  /**
   * Run-list pages one look may read, when the budget is short of looking at every watch within the
   * floor with their usual pages: a busy branch's extra requests give way to the other watches.
   */
  readonly maxPages?: number;
}

/** Every watch is looked at least this often, webhooks or not: GitHub does not retry a lost delivery. */
export const MAX_POLL_INTERVAL_MS = 15 * 60_000;
/** A webhook this recent shows the repo's deliveries arrive: webhooks are then the primary signal. */
export const HEARD_FOR_MS = 6 * 60 * 60_000;
/** Share of a window the due looks are planned to fill, so a cycle ends before the next one. */
const WINDOW_FILL = 0.9;
/** Share of the primary budget left to polling; the rest is for webhook checks, logs and fixes. */
const PRIMARY_SHARE = 0.8;
/**
 * Share of the hourly budget kept whatever happens: above it a window may spend freely (the first
 * looks at every watch, which have no ETag yet); below it, what is left is spread until the reset.
 */
const PRIMARY_KEPT = 0.5;

/** Pages a look may read while the budget is short (see PollPlan.maxPages). */
export const PAGES_WHEN_SHORT = 2;

const costOf = (watch: PollWatch, maxPages = Number.POSITIVE_INFINITY): number =>
  Math.min(maxPages, Math.max(1, watch.pages ?? 1));
const isHeard = (watch: PollWatch, now: number): boolean =>
  watch.heardAt !== undefined && now - watch.heardAt < HEARD_FOR_MS;

/**
 * The interval that keeps every watch within MAX_POLL_INTERVAL_MS although the cycle only comes
 * every `windowMs` and a due look may run at the window's end.
 */
function ceilingFor(windowMs: number): number {
  return Math.max(windowMs, MAX_POLL_INTERVAL_MS - windowMs);
}

/**
 * The quiet watches' interval: every window when the budget allows it, stretched up to the ceiling
 * so that the looks of all watches fit the points a minute left for polling.
 */
function quietInterval(
  watches: readonly PollWatch[],
  budget: PollBudget,
  now: number,
  ceiling: number,
  maxPages: number | undefined,
) {
  const perMinute = budget.pointsPerMinute * WINDOW_FILL;
  let heardRate = 0;
  let quietCost = 0;
  for (const watch of watches) {
    if (isHeard(watch, now)) heardRate += (costOf(watch, maxPages) * 60_000) / ceiling;
    else quietCost += costOf(watch, maxPages);
  }
  const left = perMinute - heardRate;
  if (quietCost === 0) return budget.windowMs;
  if (left <= 0) return ceiling;
  const needed = (quietCost * 60_000) / left;
  return Math.min(ceiling, Math.max(budget.windowMs, needed));
}

/**
 * Requests of the hourly budget the window may spend on polling: what is above the half kept, or
 * else (a share of) what is left spread evenly until the reset.
 */
function primaryAllowance(budget: PollBudget, now: number): number {
  const { remaining, resetAt, limit } = budget;
  if (remaining === undefined || resetAt === undefined || resetAt <= now) return Number.POSITIVE_INFINITY;
  const untilReset = Math.max(resetAt - now, budget.windowMs);
  const spread = (remaining * PRIMARY_SHARE * budget.windowMs) / untilReset;
  return Math.max(spread, limit === undefined ? 0 : remaining - limit * PRIMARY_KEPT);
}

interface Candidate {
  readonly watch: PollWatch;
  /** Since its last look (infinite: never looked at). */
  readonly age: number;
  /** Its age as a share of its interval: higher is more overdue. */
  readonly urgency: number;
  /** Left for the next window, it could pass the 15-minute floor before its look. */
  readonly critical: boolean;
  /**
   * What its look is expected to cost of the hourly budget: a first look has no ETag and always
   * counts; a later one counts only when GitHub has news (a 304 is free).
   */
  readonly counted: number;
}

/**
 * Those near the floor first, oldest first, and the never looked at after them (a first look
 * costs the hourly budget; polls of the others are mostly free 304s); then the most overdue; then
 * by key, for a stable plan.
 */
function byUrgency(a: Candidate, b: Candidate): number {
  if (a.critical !== b.critical) return a.critical ? -1 : 1;
  if (a.critical && a.age !== b.age) {
    if (a.age === Number.POSITIVE_INFINITY) return 1;
    if (b.age === Number.POSITIVE_INFINITY) return -1;
    return b.age - a.age;
  }
  if (a.urgency !== b.urgency) return b.urgency - a.urgency;
  return a.watch.key < b.watch.key ? -1 : Number(a.watch.key > b.watch.key);
}

/** Whether looking at every watch within the floor, with its usual pages, fits the points. */
function shortOfPoints(watches: readonly PollWatch[], budget: PollBudget, ceiling: number): boolean {
  let points = 0;
  for (const watch of watches) points += costOf(watch);
  return (points * 60_000) / ceiling > budget.pointsPerMinute * WINDOW_FILL;
}

/**
 * Which watches to poll in the coming window, and how fast, so that polling stays within GitHub's
 * secondary limit (points a minute) and the hourly budget while webhooks carry the news: a watch
 * a webhook spoke for lately is polled only as often as the 15-minute floor asks, the others every
 * cycle when the budget allows, less often when it does not. A watch is due once its interval will
 * have passed by the middle of the window; those about to pass the 15-minute floor go first, then
 * the most overdue. When a coming window holds more than the budget (a wave of watches first looked
 * at together), the soonest due of them are looked at early, in this window's spare points. What
 * the budget cannot hold waits for the next window; a watch left out that way although it would
 * pass the floor is counted `late` (the budget is too small for the watches).
 * A busy watch (several pages of runs a look) weighs its pages. Pure: time is passed in.
 */
export function planPolling(watches: readonly PollWatch[], budget: PollBudget, now: number): PollPlan {
  const { windowMs } = budget;
  const ceiling = ceilingFor(windowMs);
  const maxPages = shortOfPoints(watches, budget, ceiling) ? PAGES_WHEN_SHORT : undefined;
  const quiet = quietInterval(watches, budget, now, ceiling, maxPages);
  const secondary = (budget.pointsPerMinute * WINDOW_FILL * windowMs) / 60_000;
  const candidates: Candidate[] = [];
  const ahead: Candidate[] = [];
  // Points falling due in each coming window, to look at some early when a later window is too full.
  const coming = new Array<number>(Math.ceil(MAX_POLL_INTERVAL_MS / windowMs) + 1).fill(0);
  for (const watch of watches) {
    const interval = isHeard(watch, now) ? ceiling : quiet;
    const age = watch.lookedAt === undefined ? Number.POSITIVE_INFINITY : now - watch.lookedAt;
    const critical = age + 2 * windowMs > MAX_POLL_INTERVAL_MS;
    const cost = costOf(watch, maxPages);
    const counted = watch.lookedAt === undefined ? cost : cost * budget.changedShare;
    const candidate = { watch, age, urgency: age / interval, critical, counted };
    const windowsAway = Math.ceil((interval - windowMs / 2 - age) / windowMs);
    if (windowsAway <= 0) candidates.push(candidate);
    else if (windowsAway < coming.length) {
      coming[windowsAway] = (coming[windowsAway] ?? 0) + cost;
      ahead.push(candidate);
    }
  }
  candidates.sort(byUrgency);
  ahead.sort(byUrgency);
  // What the coming windows cannot hold moves forward, window by window, into this one.
  let early = 0;
  for (let k = coming.length - 1; k >= 1; k -= 1) early = Math.max(0, (coming[k] ?? 0) + early - secondary);

  const primary = primaryAllowance(budget, now);
  const exhausted = budget.remaining === 0 && (budget.resetAt === undefined || budget.resetAt > now);
  const due: string[] = [];
  let points = 0;
  let spent = 0;
  let late = 0;
  let limitedBy: PollPlan['limitedBy'] = 'nothing';
  for (const { watch, age, counted } of candidates) {
    const cost = costOf(watch, maxPages);
    const overSecondary = points + cost > secondary;
    const overPrimary = exhausted || spent + counted > primary;
    if (!overSecondary && !overPrimary) {
      due.push(watch.key);
      points += cost;
      spent += counted;
      continue;
    }
    if (overSecondary && limitedBy === 'nothing') limitedBy = 'secondary';
    if (!overSecondary && overPrimary && limitedBy === 'nothing') limitedBy = 'primary';
    if (age + windowMs > MAX_POLL_INTERVAL_MS) late += 1;
  }
  for (const { watch, counted } of ahead) {
    const cost = costOf(watch, maxPages);
    if (early <= 0 || exhausted || points + cost > secondary || spent + counted > primary) break;
    due.push(watch.key);
    points += cost;
    spent += counted;
    early -= cost;
  }
  if (quiet > windowMs && limitedBy === 'nothing') limitedBy = 'secondary';
  const intervalMs = { heard: ceiling, quiet };
  const plan = { due, pointsPerMinute: budget.pointsPerMinute, intervalMs, points, late, limitedBy };
  return maxPages === undefined ? plan : { ...plan, maxPages };
}
