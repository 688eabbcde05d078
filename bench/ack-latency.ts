// Slack ack latency beside the floor, in one run: a bare node:http server that verifies the same
// v0 signature and answers 200 (bench/floor-server.mjs), then the built bot in HTTP mode against
// the fake Slack and GitHub, with `/overseer help` and an Acknowledge click on an open incident.
// Each: keep-alive, CONCURRENCY connections, REQUESTS distinct signed requests after a warm-up.
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

interface Measured {
  /** Sorted latencies, ms. */
  readonly latencies: number[];
  /** The server's CPU time per request, ms: unlike latency, it holds on a machine others load. */
  readonly cpuPerRequest: number;
}

async function measure(
  url: string,
  pid: number,
  make: (count: number, tag: string) => SignedRequest[],
): Promise<Measured> {
  await loadSigned(url, make(WARM_UP, 'warm'), CONCURRENCY);
  const requests = make(REQUESTS, 'run');
  const cpuBefore = cpuMs(pid);
  const result = await loadSigned(url, requests, CONCURRENCY);
  const cpuPerRequest = (cpuMs(pid) - cpuBefore) / REQUESTS;
  const refused = Object.entries(result.statuses).filter(([status]) => status !== '200');
  if (refused.length > 0) throw new Error(`answers other than 200: ${JSON.stringify(result.statuses)}`);
  return { latencies: result.latencies, cpuPerRequest };
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

  const floor = await startFloor();
  let floorRun: Measured;
  try {
    floorRun = await measure(floor.url, floor.pid, help);
  } finally {
    await floor.stop();
  }

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
  });
  try {
    const [incident] = await slack.waitFor(
      (s) => s.messages(CHANNEL).length > 0 && s.messages(CHANNEL),
      20_000,
    );
    if (incident === undefined) throw new Error('no incident was posted');
    const url = `${bot.url}/slack/events`;
    const helpRun = await measure(url, bot.pid, help);
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
    const clickRun = await measure(url, bot.pid, click);

    const floor50 = percentile(floorRun.latencies, 50);
    const floor99 = percentile(floorRun.latencies, 99);
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const versus = (value: number, floorValue: number, target: number) =>
      `${ms(value)}  (${(value / floorValue).toFixed(1)}x floor, target <= ${target}x)`;
    const rows = (name: string, run: Measured): Array<[string, string]> => [
      [`${name} p50`, versus(percentile(run.latencies, 50), floor50, 3)],
      [`${name} p99`, versus(percentile(run.latencies, 99), floor99, 2)],
      [`${name} bot CPU per request`, `${run.cpuPerRequest.toFixed(2)} ms`],
    ];
    return [
      [`Slack ack latency (${REQUESTS} distinct signed requests, ${CONCURRENCY} keep-alive connections)`, ''],
      ['floor: bare node:http, same signature check, p50', ms(floor50)],
      ['floor p99', ms(floor99)],
      ['floor CPU per request', `${floorRun.cpuPerRequest.toFixed(2)} ms`],
      ...rows('/overseer help', helpRun),
      ...rows('Acknowledge click', clickRun),
    ];
  } finally {
    const logFile = process.env.BENCH_ACK_LOG;
    if (logFile) writeFileSync(logFile, bot.output());
    await bot.stop();
    await Promise.all([slack.close(), github.close()]);
  }
}
