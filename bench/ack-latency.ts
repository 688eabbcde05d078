// Slack ack latency beside the floor, in one run: a bare node:http server that verifies the same
// v0 signature and answers 200 (bench/floor-server.mjs), then the built bot in HTTP mode against
// the fake Slack and GitHub, with `/overseer help` and an Acknowledge click on an open incident.
// Each: keep-alive, CONCURRENCY connections, REQUESTS distinct signed requests after a short
// warm-up (the first round, still compiling: what the first minutes after a start see), then again
// after WARM_MORE more (the warm round: a bot that has been running). Floor and bot get the same
// requests: each kind goes to a fresh floor process, then to the bot.
// BENCH_CPU_PROF=<dir> writes the bot's CPU profile there when it stops; BENCH_ACK_LOG=<file> its log.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeGitHub } from '../test/support/fake-github.js';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { signSlackRequest } from '../test/support/sign.js';
import { buttonClickPayload, slashCommandPayload } from '../test/support/slack-payloads.js';
import { startBot } from '../test/support/start-bot.js';
import { loadSigned, percentile, type SignedRequest } from './load-signed.js';

const REQUESTS = Number(process.env.BENCH_ACK_REQUESTS ?? 2_000);
const WARM_UP = 300;
/** Requests between the first round and the warm one (the JIT's optimising tiers need thousands). */
const WARM_MORE = Number(process.env.BENCH_ACK_WARM_MORE ?? 4_000);
const CONCURRENCY = 50;
const SECRET = 'bench-signing-secret';
const REPO = 'bench/widgets';
const CHANNEL = 'C0INCIDENTS';
const USER = 'U0ALICE';
const FORM = 'application/x-www-form-urlencoded';
const HERE = dirname(fileURLToPath(import.meta.url));
const author = { name: 'Bench', email: 'bench@example.test', login: 'bench' };

/** Distinct signed requests: own trigger ID, body and (within Slack's 5-minute window) timestamp. */
function signed(count: number, tag: string, body: (triggerId: string, i: number) => string): SignedRequest[] {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const text = body(`${tag}.${i}.${Math.random().toString(36).slice(2)}`, i);
    return {
      body: text,
      headers: { 'content-type': FORM, ...signSlackRequest(SECRET, text, now - (i % 120)) },
    };
  });
}

/** CPU time (user + system) a process has used, in ms, from /proc (Linux); NaN elsewhere. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface Round {
  /** Sorted latencies, ms. */
  readonly latencies: number[];
  /** The server's CPU time per request, ms: unlike latency, it holds on a machine others load. */
  readonly cpuPerRequest: number;
  /**
   * This process's (the load generator's) CPU time per request, ms. Where it is about the
   * server's, the latency is the load generator's: the floor's always is.
   */
  readonly loadCpuPerRequest: number;
}

interface Measured {
  /** Right after the short warm-up. */
  readonly first: Round;
  /** After WARM_MORE more requests. */
  readonly warm: Round;
}

/** Each measured round's span on the monotonic clock (µs, as a V8 CPU profile's timestamps). */
const spans: Array<{ name: string; start: number; end: number }> = [];
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

async function round(url: string, pid: number, requests: SignedRequest[], name: string): Promise<Round> {
  const cpuBefore = cpuMs(pid);
  const start = monotonicUs();
  const result = await loadSigned(url, requests, CONCURRENCY);
  spans.push({ name, start, end: monotonicUs() });
  const cpuPerRequest = (cpuMs(pid) - cpuBefore) / requests.length;
  const loadCpuPerRequest = result.cpuMs / requests.length;
  const refused = Object.entries(result.statuses).filter(([status]) => status !== '200');
  if (refused.length > 0) throw new Error(`answers other than 200: ${JSON.stringify(result.statuses)}`);
  return { latencies: result.latencies, cpuPerRequest, loadCpuPerRequest };
}

async function measure(
  url: string,
  pid: number,
  make: (count: number, tag: string) => SignedRequest[],
  name: string,
): Promise<Measured> {
  await loadSigned(url, make(WARM_UP, 'warm'), CONCURRENCY);
  const first = await round(url, pid, make(REQUESTS, 'first'), `${name} first`);
  if (WARM_MORE > 0) await loadSigned(url, make(WARM_MORE, 'warmer'), CONCURRENCY);
  const warm = await round(url, pid, make(REQUESTS, 'run'), `${name} warm`);
  return { first, warm };
}

/** `make`'s requests measured on a floor of their own, stopped after. */
async function onFloor(
  make: (count: number, tag: string) => SignedRequest[],
  name: string,
): Promise<Measured> {
  const floor = await startFloor();
  try {
    return await measure(floor.url, floor.pid, make, name);
  } finally {
    await floor.stop();
  }
}

async function startFloor(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const script = join(HERE, 'floor-server.mjs');
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', SLACK_SIGNING_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return {
    url: `http://127.0.0.1:${chunk.toString().trim()}/slack/events`,
    pid: child.pid ?? 0,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export async function ackLatency(): Promise<Array<[string, string]>> {
  const slack = await startFakeSlack();
  const github = await startFakeGitHub();
  slack.addChannel(CHANNEL);
  slack.addUser({ id: USER, name: 'alice', email: 'alice@example.test' });
  github.addRepo(REPO, { defaultBranch: 'main' });
  const green = github.addCommit(REPO, { message: 'green', author });
  github.addRun(REPO, { workflow: 'ci.yml', branch: 'main', headSha: green, conclusion: 'success' });
  const red = github.addCommit(REPO, { message: 'break', author });
  github.addRun(REPO, {
    workflow: 'ci.yml',
    branch: 'main',
    headSha: red,
    conclusion: 'failure',
    jobs: [{ name: 'test', conclusion: 'failure', steps: [{ name: 'npm test', conclusion: 'failure' }] }],
  });

  const help = (count: number, tag: string) =>
    signed(count, tag, (triggerId) =>
      new URLSearchParams(
        slashCommandPayload({ text: 'help', user: USER, responseUrl: slack.responseUrl(), triggerId }),
      ).toString(),
    );

  const profileDir = process.env.BENCH_CPU_PROF;
  const cwd = mkdtempSync(join(tmpdir(), 'overseer-bench-ack-'));
  writeFileSync(join(cwd, 'overseer.yml'), `repos:\n  - repo: ${REPO}\n    channel: ${CHANNEL}\n`);
  const bot = await startBot({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    GITHUB_TOKEN: 'ghp_bench',
    GITHUB_API_URL: github.url,
    OVERSEER_CONFIG: join(cwd, 'overseer.yml'),
    OVERSEER_SELF_HEAL_ENABLED: 'true',
    // No check cycle during the measurement: the start-up cycle opens the incident.
    OVERSEER_SCHEDULE: '0 0 1 1 *',
    LOG_LEVEL: 'info',
    ...(profileDir
      ? { NODE_OPTIONS: `--import=${join(HERE, 'cpu-profile.mjs')}`, BENCH_CPU_PROF: profileDir }
      : {}),
    ...(process.env.BENCH_BOT_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_BOT_NODE_OPTIONS } : {}),
  });
  try {
    const [incident] = await slack.waitFor(
      (s) => s.messages(CHANNEL).length > 0 && s.messages(CHANNEL),
      20_000,
    );
    if (incident === undefined) throw new Error('no incident was posted');
    const click = (count: number, tag: string) =>
      signed(count, tag, (triggerId) => {
        const payload = buttonClickPayload({
          message: incident,
          actionId: 'overseer_ack',
          label: 'Acknowledge',
          user: USER,
          responseUrl: slack.responseUrl(),
          triggerId,
        });
        return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      });
    // Each kind of request goes to a fresh floor first, then to the bot (idle meanwhile): the same
    // bodies (a click's carries the whole incident message) read and verified by both.
    const url = `${bot.url}/slack/events`;
    const floorHelp = await onFloor(help, 'floor help');
    const helpRun = await measure(url, bot.pid, help, 'help');
    const floorClick = await onFloor(click, 'floor click');
    const clickRun = await measure(url, bot.pid, click, 'click');

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const versus = (value: number, floorValue: number, target: number) =>
      `${ms(value)}  (${(value / floorValue).toFixed(1)}x floor, target <= ${target}x)`;
    const rows = (name: string, which: keyof Measured, run: Measured, floorRun: Measured) => {
      const floor = floorRun[which];
      const bot = run[which];
      const rows: Array<[string, string]> = [
        [`  floor, the same requests: p50`, ms(percentile(floor.latencies, 50))],
        [`  floor p99`, ms(percentile(floor.latencies, 99))],
        [
          `  floor CPU per request (load generator's)`,
          `${floor.cpuPerRequest.toFixed(2)} ms (${floor.loadCpuPerRequest.toFixed(2)} ms)`,
        ],
        [`${name} p50`, versus(percentile(bot.latencies, 50), percentile(floor.latencies, 50), 3)],
        [`${name} p99`, versus(percentile(bot.latencies, 99), percentile(floor.latencies, 99), 2)],
        [
          `${name} bot CPU per request (load generator's)`,
          `${bot.cpuPerRequest.toFixed(2)} ms (${bot.loadCpuPerRequest.toFixed(2)} ms)`,
        ],
      ];
      return rows;
    };
    return [
      [`Slack ack latency (${REQUESTS} distinct signed requests, ${CONCURRENCY} keep-alive connections)`, ''],
      ['floor: a bare node:http server, the same signature check, answers 200', ''],
      [`first round, after ${WARM_UP} requests of warm-up`, ''],
      ...rows('/overseer help (first)', 'first', helpRun, floorHelp),
      ...rows('Acknowledge click (first)', 'first', clickRun, floorClick),
      [`warm round, after ${WARM_MORE} requests more`, ''],
      ...rows('/overseer help (warm)', 'warm', helpRun, floorHelp),
      ...rows('Acknowledge click (warm)', 'warm', clickRun, floorClick),
    ];
  } finally {
    if (profileDir) writeFileSync(join(profileDir, 'rounds.json'), JSON.stringify(spans));
    if (process.env.BENCH_ROUNDS)
      writeFileSync(process.env.BENCH_ROUNDS, JSON.stringify({ bot: bot.pid, spans }));
    const logFile = process.env.BENCH_ACK_LOG;
    if (logFile) writeFileSync(logFile, bot.output());
    await bot.stop();
    await Promise.all([slack.close(), github.close()]);
  }
}
