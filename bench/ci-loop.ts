// The CI loop at scale: BENCH_REPOS watched repos (default 1,000) against the fake GitHub, the
// built bot as a child process. Prints what the README's targets are about: requests per idle cycle
// that count against GitHub's rate limit (target 0), a cycle's wall time, the bot's resident memory
// after each idle cycle (target: at most 150 MiB, flat), webhook-to-post latency.
// BENCH_HEAP_SNAPSHOTS=1 starts the bot with --heapsnapshot-signal=SIGUSR2 and writes a heap snapshot
// after the first and the last idle cycle into its working directory (compare them in DevTools).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startFakeGitHub } from '../test/support/fake-github.js';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { signGitHubWebhook } from '../test/support/sign.js';
import { freePort, runMain } from '../test/support/start-bot.js';
import { workflowRunCompleted } from '../test/support/webhook-payloads.js';

const REPOS = Number(process.env.BENCH_REPOS ?? 1000);
const WEBHOOK_SAMPLES = 60;
const IDLE_CYCLES = Number(process.env.BENCH_IDLE_CYCLES ?? 10);
const HEAP_SNAPSHOTS = process.env.BENCH_HEAP_SNAPSHOTS === '1';
/** Repos made busy: more commits still running than one page of runs (30) holds. */
const BUSY_REPOS = 20;
const RUNNING_PER_BUSY_REPO = 35;
const SECRET = 'bench-secret';
const author = { name: 'Bench', email: 'bench@example.test', login: 'bench' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const github = await startFakeGitHub();
const slack = await startFakeSlack({ anyChannel: true });
const repos = Array.from({ length: REPOS }, (_, i) => `bench/repo-${String(i).padStart(3, '0')}`);
const yaml = ['repos:'];
for (const [i, repo] of repos.entries()) {
  github.addRepo(repo, { defaultBranch: 'main' });
  const sha = github.addCommit(repo, { message: 'green', author });
  github.addRun(repo, { workflow: 'ci.yml', branch: 'main', headSha: sha, conclusion: 'success' });
  yaml.push(`  - repo: ${repo}`, `    channel: C${String(i).padStart(6, '0')}`);
}
const cwd = mkdtempSync(join(tmpdir(), 'overseer-bench-'));
writeFileSync(join(cwd, 'overseer.yml'), `${yaml.join('\n')}\n`);
const port = await freePort();
const bot = runMain(
  {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench',
    SLACK_API_URL: slack.url,
    GITHUB_TOKEN: 'ghp_bench',
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRET: SECRET,
    OVERSEER_SELF_HEAL_ENABLED: 'true',
    OVERSEER_SCHEDULE: '*/10 * * * * *',
    OVERSEER_DATA_DIR: join(cwd, 'data'),
    LOG_LEVEL: 'warn',
    PORT: String(port),
    // The V8 flag `npm start` and the Dockerfile run the bot with; BENCH_NODE_OPTIONS to try others.
    NODE_OPTIONS: [
      process.env.BENCH_NODE_OPTIONS ?? '--max-semi-space-size=8',
      HEAP_SNAPSHOTS ? '--heapsnapshot-signal=SIGUSR2' : '',
    ]
      .join(' ')
      .trim(),
  },
  cwd,
);
bot.stderr?.pipe(process.stderr);
// Read the bot's log too: a pipe nobody reads fills up, and the bot would block writing to it
// (at exit pino flushes synchronously), so SIGTERM at the end would never finish.
bot.stdout?.resume();
const url = `http://127.0.0.1:${port}`;

async function metric(name: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then(
    (r) => r.text(),
    () => '',
  );
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : NaN;
}

async function cyclesDone(): Promise<number> {
  const count = await metric('overseer_cycle_duration_seconds_count');
  return Number.isNaN(count) ? 0 : count;
}

/** The bot child's resident set size, from /proc (Linux), in MiB. */
function rssMiB(): number {
  const status = readFileSync(`/proc/${bot.pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function heapSnapshot(): Promise<void> {
  if (!HEAP_SNAPSHOTS) return;
  const count = () => readdirSync(cwd).filter((f) => f.endsWith('.heapsnapshot')).length;
  const before = count();
  bot.kill('SIGUSR2');
  const deadline = Date.now() + 120_000;
  while (count() === before && Date.now() < deadline) await sleep(200);
  await sleep(2_000);
}

async function waitForCycles(n: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await cyclesDone()) < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} cycles completed in time`);
    await sleep(100);
  }
}

const runsPath = (repo: string) => `/repos/${repo}/actions/workflows/ci.yml/runs`;
/** Until every repo in `list` had its runs' first page read since request number `from`. */
async function waitForLooks(list: readonly string[], from: number, timeoutMs = 300_000): Promise<void> {
  const wanted = new Set(list.map(runsPath));
  const deadline = Date.now() + timeoutMs;
  let seen = from;
  while (wanted.size > 0) {
    const upTo = github.requests.length;
    for (const request of github.requests.slice(seen, upTo))
      if (!request.query.page) wanted.delete(request.path);
    seen = upTo;
    if (Date.now() > deadline) throw new Error(`${wanted.size} repos not looked at in time`);
    await sleep(200);
  }
}

try {
  // Warm-up: every watch looked at once (the polling plan spreads the first looks over a few
  // cycles), then one more cycle: the ETag cache is full and the branches resolved.
  await waitForLooks(repos, 0);
  await waitForCycles((await cyclesDone()) + 1);
  const before = github.countedRequests();
  const all = github.requests.length;
  const sumBefore = await metric('overseer_cycle_duration_seconds_sum');
  const countBefore = await cyclesDone();
  const rssPerCycle: number[] = [];
  const wallPerCycle: number[] = [];
  let sumSoFar = sumBefore;
  for (let i = 1; i <= IDLE_CYCLES; i += 1) {
    await waitForCycles(countBefore + i);
    rssPerCycle.push(rssMiB());
    const sum = await metric('overseer_cycle_duration_seconds_sum');
    wallPerCycle.push((sum - sumSoFar) * 1000);
    sumSoFar = sum;
    const mib = async (name: string) => ((await metric(name)) / 1024 / 1024).toFixed(0);
    console.error(
      `idle cycle ${i}: rss ${rssPerCycle.at(-1)?.toFixed(0)} MiB, heap ${await mib('overseer_nodejs_heap_size_used_bytes')}/${await mib('overseer_nodejs_heap_size_total_bytes')} MiB, external ${await mib('overseer_nodejs_external_memory_bytes')} MiB, ${wallPerCycle.at(-1)?.toFixed(0)} ms`,
    );
    if (i === 1 || i === IDLE_CYCLES) await heapSnapshot();
  }
  const cycles = (await cyclesDone()) - countBefore;
  const counted = (github.countedRequests() - before) / cycles;
  const requests = (github.requests.length - all) / cycles;
  const wall = ((await metric('overseer_cycle_duration_seconds_sum')) - sumBefore) / cycles;

  // A busy main: every newer commit still running, the decisive green a page further down.
  for (const repo of repos.slice(REPOS - BUSY_REPOS)) {
    for (let i = 0; i < RUNNING_PER_BUSY_REPO; i += 1) {
      const sha = github.addCommit(repo, { message: `running ${i}`, author });
      github.addRun(repo, { workflow: 'ci.yml', branch: 'main', headSha: sha, status: 'in_progress' });
    }
  }
  // One look at each sees the change (and caches the new pages); the next ones are the steady state.
  const busy = repos.slice(REPOS - BUSY_REPOS);
  await waitForLooks(busy, github.requests.length);
  const busyFrom = github.requests.length;
  await waitForLooks(busy, busyFrom);
  const busyPaths = new Set(busy.map(runsPath));
  const busyReads = github.requests.slice(busyFrom).filter((r) => busyPaths.has(r.path));
  const busyLooks = busyReads.filter((r) => !r.query.page).length;
  const busyExtra = busyReads.filter((r) => r.query.page);
  const busyRequests = busyExtra.length / busyLooks;
  const busyCounted = busyExtra.filter((r) => r.counted).length / busyLooks;

  // Webhook to post: a red commit per repo, announced by a signed workflow_run delivery. The fakes
  // answer from this process: its own event-loop delay is measured beside, since a stall here
  // (answering GitHub, collecting garbage) shows as the bot's latency.
  const latencies: number[] = [];
  const benchDelay = monitorEventLoopDelay({ resolution: 10 });
  benchDelay.enable();
  for (const repo of repos.slice(0, WEBHOOK_SAMPLES)) {
    const sha = github.addCommit(repo, { message: 'break', author });
    const runId = github.addRun(repo, {
      workflow: 'ci.yml',
      branch: 'main',
      headSha: sha,
      conclusion: 'failure',
      jobs: [{ name: 'test', conclusion: 'failure', steps: [{ name: 'npm test', conclusion: 'failure' }] }],
    });
    const body = JSON.stringify(
      workflowRunCompleted({ repo, branch: 'main', headSha: sha, conclusion: 'failure', runId }),
    );
    const posted = slack.callsTo('chat.postMessage').length;
    const sent = performance.now();
    await fetch(`${url}/webhooks/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'workflow_run',
        'x-github-delivery': `bench-${runId}`,
        'x-hub-signature-256': await signGitHubWebhook(SECRET, body),
      },
      body,
    });
    await slack.waitFor((s) => s.callsTo('chat.postMessage').length > posted, 10_000);
    latencies.push(performance.now() - sent);
  }
  benchDelay.disable();
  latencies.sort((a, b) => a - b);
  const rss = rssMiB();

  const rows: Array<[string, string]> = [
    ['watched repos', String(REPOS)],
    ['idle cycles measured', String(cycles)],
    ['GitHub requests per idle cycle (all; the polling plan spreads the watches)', requests.toFixed(1)],
    ['GitHub requests per idle cycle counted against the rate limit (target 0)', counted.toFixed(1)],
    ['idle cycle wall time (mean)', `${(wall * 1000).toFixed(0)} ms`],
    ['idle cycle wall time, each', wallPerCycle.map((ms) => ms.toFixed(0)).join(' ')],
    [
      'bot resident memory after each idle cycle, MiB (target <= 150, flat)',
      rssPerCycle.map((mib) => mib.toFixed(0)).join(' '),
    ],
    [
      `extra GitHub requests per look at a busy repo (${RUNNING_PER_BUSY_REPO} newer commits running)`,
      busyRequests.toFixed(1),
    ],
    ['  of which counted against the rate limit', busyCounted.toFixed(1)],
    [
      `webhook-to-post latency p50 (${latencies.length} samples)`,
      `${percentile(latencies, 50).toFixed(0)} ms`,
    ],
    ['webhook-to-post latency p99', `${percentile(latencies, 99).toFixed(0)} ms`],
    [
      "  the fakes' own event-loop delay meanwhile, max (bench process)",
      `${(benchDelay.max / 1e6).toFixed(0)} ms`,
    ],
    ['bot resident memory after the run', `${rss.toFixed(0)} MiB`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log('\nOverseer CI-loop benchmark');
  for (const [name, value] of rows) console.log(`  ${name.padEnd(width)}  ${value}`);
  if (HEAP_SNAPSHOTS) console.log(`  heap snapshots in ${cwd}`);
} finally {
  bot.kill('SIGTERM');
  await new Promise((resolve) => bot.once('exit', resolve));
  await Promise.all([github.close(), slack.close()]);
}
