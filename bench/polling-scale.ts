// Polling 10,000 watches (BENCH_POLL_REPOS) against the fake GitHub, simulated: the real cycle
// (runCycle with the polling planner and ledger), the real GitHub client (Octokit with the ETag
// cache and the rate-limit headers) and the fake GitHub counting secondary-limit points per minute
// and the hourly budget, all on a simulated clock that the cycle's pacing moves (no waiting).
// A check here is the look at GitHub only (the runs, page by page); the store and Slack are not in it.
// Prints the schedule chosen, points used per minute, the hourly budget, and how old a look got.
import { createPollLedger } from '../src/ci/poll-ledger.js';
import { readRuns } from '../src/ci/read-runs.js';
import { type CycleDeps, checkAndRecord, runCycle, type WatchTargetSource } from '../src/ci/run-cycle.js';
import { createWatchSources } from '../src/ci/watch-sources.js';
import { createHealth } from '../src/core/health.js';
import { createOctokit } from '../src/platform/github/create-octokit.js';
import { createGitHubCi } from '../src/platform/github/github-ci.js';
import { pollBudget } from '../src/poll-budget.js';
import { startFakeGitHub } from '../test/support/fake-github.js';

const REPOS = Number(process.env.BENCH_POLL_REPOS ?? 10_000);
/** Simulated minutes; the first looks at 10,000 watches take the hourly budget of two hours or so. */
const MINUTES = Number(process.env.BENCH_POLL_MINUTES ?? 180);
const RATE_LIMIT = Number(process.env.BENCH_RATE_LIMIT ?? 5000);
const MIN = 60_000;
/** Cycles every minute (schedule `* * * * *`): the planner's window. */
const WINDOW_MS = MIN;
/** Share of the watches whose webhooks arrive, and how often each of those gets a new run. */
const WEBHOOK_SHARE = 0.3;
const RUN_EVERY_MIN = 120;
/** Busy watches: more commits running than a page of runs holds. */
const BUSY_SHARE = 0.01;
const author = { name: 'Bench', email: 'bench@example.test', login: 'bench' };

const clock = { t: Math.floor(Date.now() / MIN) * MIN, now: () => clock.t };
const github = await startFakeGitHub({
  rateLimit: RATE_LIMIT,
  rateClock: clock.now,
  secondary: {},
  now: () => clock.t - 10 * MIN,
});
const silent = () => {};
const plans: Array<Record<string, unknown>> = [];
const log = {
  debug: (fields: object, message: string) => {
    if (message === 'Polling planned') plans.push({ ...fields });
  },
  info: silent,
  warn: (fields: object, message: string) => {
    if (message.startsWith('GitHub budget too small')) plans.push({ ...fields });
  },
  error: silent,
};
/**
 * The client's pacing under the secondary limit runs on the simulated clock too: its timers wait in
 * order, and the earliest fires on the event loop's next turn, moving the clock to its time (a
 * request waiting for points is admitted when they are free, as it would be after a real wait).
 */
const timers: Array<{ at: number; fn: () => void }> = [];
let ticking = false;
const tick = () => {
  ticking = false;
  timers.sort((a, b) => a.at - b.at);
  const due = timers.shift();
  if (due === undefined) return;
  clock.t = Math.max(clock.t, due.at);
  due.fn();
  if (timers.length > 0 && !ticking) {
    ticking = true;
    setImmediate(tick);
  }
};
const setTimer = (fn: () => void, ms: number) => {
  const timer = { at: clock.t + ms, fn };
  timers.push(timer);
  if (!ticking) {
    ticking = true;
    setImmediate(tick);
  }
  return () => {
    const at = timers.indexOf(timer);
    if (at >= 0) timers.splice(at, 1);
  };
};
const client = createOctokit({
  baseUrl: github.url,
  auth: { kind: 'token', token: 'ghp_bench' },
  log,
  now: clock.now,
  pacing: { setTimer },
});
const names = Array.from({ length: REPOS }, (_, i) => `bench/repo-${String(i).padStart(5, '0')}`);
for (const repo of names) {
  github.addRepo(repo, { defaultBranch: 'main' });
  const sha = github.addCommit(repo, { message: 'green', author });
  github.addRun(repo, { workflow: 'ci.yml', branch: 'main', headSha: sha, conclusion: 'success' });
}
const busy = names.filter((_, i) => i % Math.round(1 / BUSY_SHARE) === 0);
for (const repo of busy)
  for (let i = 0; i < 35; i += 1) {
    const sha = github.addCommit(repo, { message: `running ${i}`, author });
    github.addRun(repo, { workflow: 'ci.yml', branch: 'main', headSha: sha, status: 'in_progress' });
  }

const settings = names.map((repo) => ({
  repo,
  workflow: 'ci.yml',
  branch: 'main',
  channel: 'C1',
  users: {},
}));
const ci0 = createGitHubCi(client.octokit);
const sources = createWatchSources(settings, ci0, clock.now);
const ledger = createPollLedger(sources);
// As the bot wires them (create-polling.ts): webhooks' looks in the client's first lane, the cycle's
// polls in the polling lane, which the pacer admits after the first and never into GitHub's last
// tenth of the minute's points (request-pacer.ts).
const ci = ledger.countPages(ci0);
const pollingCi = ledger.countPages(createGitHubCi(client.octokit, 'polling'));
const health = createHealth(clock.t, false);
health.cycle.intervalMs = WINDOW_MS;
const deps: CycleDeps = {
  clock,
  log,
  health,
  telemetry: {
    checkDone: silent,
    checkFailed: silent,
    cycleDone: silent,
    slackSetAside: silent,
    escalationStepsFired: silent,
  },
  targets: () => sources,
  check: async (target) => {
    await readRuns(ci, target.watch, undefined);
    return { verdict: 'green', delivery: { delivered: 0, pending: 0, failed: false }, incidentOpen: false };
  },
  poll: async (target) => {
    await readRuns(pollingCi, target.watch, undefined);
    return { verdict: 'green', delivery: { delivered: 0, pending: 0, failed: false }, incidentOpen: false };
  },
  polling: {
    ledger,
    budget: pollBudget(client),
    sleep: async (ms: number) => {
      clock.t = Math.max(clock.t, clock.t + ms);
    },
  },
};

const lastLook = new Map<WatchTargetSource, number>();
let worstAgeAfterSweep = 0;
let sweptAt: number | undefined;
const webhooked = sources.filter((_, i) => i % Math.round(1 / WEBHOOK_SHARE) === 1);
const started = clock.t;
const wallStart = performance.now();
for (let minute = 0; minute < MINUTES; minute += 1) {
  clock.t = started + minute * MIN;
  // Webhooks: a new completed run on some watches, announced, checked at once (as the bot does).
  for (const [i, source] of webhooked.entries()) {
    if ((i + minute) % RUN_EVERY_MIN !== 0 || minute === 0) continue;
    const sha = github.addCommit(source.repo, { message: `change ${minute}`, author });
    github.addRun(source.repo, { workflow: 'ci.yml', branch: 'main', headSha: sha, conclusion: 'success' });
    ledger.heard(source, clock.t);
    await checkAndRecord(deps, source);
  }
  const before = new Map(sources.map((s) => [s, ledger.watches([s])[0]?.lookedAt]));
  await runCycle(deps);
  for (const source of sources) {
    const looked = ledger.watches([source])[0]?.lookedAt;
    if (looked === undefined) continue;
    const previous = lastLook.get(source);
    if (sweptAt !== undefined && previous !== undefined && looked !== before.get(source))
      worstAgeAfterSweep = Math.max(worstAgeAfterSweep, looked - previous);
    lastLook.set(source, looked);
  }
  if (sweptAt === undefined && lastLook.size === sources.length) sweptAt = minute;
  if (minute % 15 === 0)
    console.error(`simulated minute ${minute}: ${github.requests.length} requests so far`);
}
// Still waiting at the end: how old their last look is.
const end = started + MINUTES * MIN;
for (const looked of lastLook.values())
  if (sweptAt !== undefined)
    worstAgeAfterSweep = Math.max(worstAgeAfterSweep, Math.min(end, clock.t) - looked);

const usage = github.secondaryUsage();
const perMinute = [...usage.pointsByMinute.values()];
const counted = github.requests.filter((r) => r.counted).length;
const notModified = github.requests.filter((r) => r.status === 304).length;
const busyPaths = new Set(busy.map((repo) => `/repos/${repo}/actions/workflows/ci.yml/runs`));
const busyReads = github.requests.filter((r) => busyPaths.has(r.path));
const busyLooks = busyReads.filter((r) => !r.query.page).length;

console.log(`\nOverseer polling at scale (simulated, ${REPOS} watches, cycles every minute)`);
console.log('  minute  due  points  heard-interval  quiet-interval  limited-by  late  max-pages');
for (const [minute, plan] of plans.entries()) {
  if (minute % 15 !== 0 && minute !== plans.length - 1) continue;
  const s = (key: string) => String(plan[key] ?? '-');
  console.log(
    `  ${String(minute).padStart(6)} ${s('due').padStart(4)} ${s('points').padStart(7)} ${`${Math.round(Number(plan.heardIntervalS) / 60)} min`.padStart(15)} ${`${(Number(plan.quietIntervalS) / 60).toFixed(1)} min`.padStart(15)}  ${s('limitedBy').padEnd(10)} ${s('late').padStart(5)}  ${s('maxPages')}`,
  );
}
const rows: Array<[string, string]> = [
  ['simulated minutes', String(MINUTES)],
  ['hourly budget (x-ratelimit-limit)', String(RATE_LIMIT)],
  [`watches with webhooks (a new run every ${RUN_EVERY_MIN} min)`, String(webhooked.length)],
  ['every watch looked at once by minute', String(sweptAt ?? 'never')],
  ['secondary points per minute: max (limit 900)', String(Math.max(...perMinute))],
  [
    'secondary points per minute: mean after the first sweep',
    (
      perMinute.slice((sweptAt ?? 0) + 1).reduce((a, b) => a + b, 0) /
      Math.max(1, perMinute.length - (sweptAt ?? 0) - 1)
    ).toFixed(0),
  ],
  ['requests refused by the secondary limit', String(usage.refused)],
  [
    'requests the client paced (waited for points) / gave up / simulated seconds waited',
    `${client.requests.pacing.waited} / ${client.requests.pacing.refused} / ${(client.requests.pacing.waitedMs / 1000).toFixed(0)}`,
  ],
  ['most requests in flight at once (limit 100)', String(usage.maxInFlight)],
  ['requests counted against the hourly budget, per hour', ((counted * 60) / MINUTES).toFixed(0)],
  ['share of GETs answered 304 (free)', `${((notModified / github.requests.length) * 100).toFixed(0)} %`],
  ['oldest look after the first sweep (floor 15 min)', `${(worstAgeAfterSweep / MIN).toFixed(1)} min`],
  [
    'run-list pages per look at a busy watch (35 running)',
    (busyReads.length / Math.max(1, busyLooks)).toFixed(2),
  ],
  ['wall time of the simulation', `${((performance.now() - wallStart) / 1000).toFixed(0)} s`],
];
const width = Math.max(...rows.map(([name]) => name.length));
for (const [name, value] of rows) console.log(`  ${name.padEnd(width)}  ${value}`);
await github.close();
