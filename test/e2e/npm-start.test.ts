import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHANNEL, perTestWorld, sleep, visibleText } from '../support/scenario.js';
import { exitOf, freePort } from '../support/start-bot.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * A hang guard only, well past the shutdown grace (5 s): whether stopping finished its work or
 * was cut off at the grace period is told by the bot's log (see stopAndRestart), not by a clock.
 */
const STOPPED_WITHIN_MS = 20_000;

interface NpmStart {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
}

/** `npm start` in the repository, as systemd, pm2 or a person at a terminal runs it. */
async function npmStart(env: Record<string, string>, port: number): Promise<NpmStart> {
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a test can signal the group as a terminal's Ctrl-C does.
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  while (!(await answers(url))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      throw new Error(`npm start did not serve /healthz:\n${output}`);
    }
    await sleep(100);
  }
  return { child, url, output: () => output };
}

const answers = (url: string) =>
  fetch(`${url}/healthz`).then(
    (response) => response.ok,
    () => false,
  );

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Waits for `child` to exit; fails when it has not within `timeoutMs`. */
async function exitWithin(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`npm start still running after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([exitOf(child), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('npm start', () => {
  const t = perTestWorld();

  const stopAndRestart = async (stop: (started: NpmStart) => void) => {
    t.world.push('Add widgets', 'success');
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'overseer-npm-'));
    const env = t.world.env({ OVERSEER_DATA_DIR: dataDir });
    const started = await npmStart(env, port);
    try {
      // Started: the first CI check runs once Slack answered and the signal handlers are in place.
      await t.world.github.waitFor((github) => github.requests.some((r) => r.path.endsWith('/runs')));
      stop(started);
      const asked = Date.now();
      // npm waits for the bot it runs; the old start line left npm exiting while the bot ran on.
      await exitWithin(started.child, STOPPED_WITHIN_MS);
      while ((await answers(started.url)) || existsSync(join(dataDir, 'overseer.lock'))) {
        if (Date.now() - asked > STOPPED_WITHIN_MS)
          throw new Error(
            `the bot still serves or holds ${dataDir} ${STOPPED_WITHIN_MS} ms after the signal`,
          );
        await sleep(100);
      }
      expect(started.output()).not.toContain('Shutdown grace period over');
      // The data dir's lock is free: a second bot starts on the same data dir and port.
      const second = await t.bot({ ...env, PORT: String(port) });
      await t.world.slack.waitFor(() => second.logs().some((line) => line.msg === 'Overseer listening'));
      expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
      return started;
    } finally {
      killGroup(started.child, 'SIGKILL');
    }
  };

  it('SIGTERM to npm stops the bot: the port and the data dir are free within the grace period', async () => {
    const started = await stopAndRestart(({ child }) => child.kill('SIGTERM'));
    expect(started.output()).toMatch(/"signal":"SIGTERM".*"msg":"Shutting down"/);
  }, 40_000);

  it('SIGINT to npm stops the bot the same way', async () => {
    const started = await stopAndRestart(({ child }) => child.kill('SIGINT'));
    expect(started.output()).toMatch(/"signal":"SIGINT".*"msg":"Shutting down"/);
  }, 40_000);

  it('Ctrl-C (SIGINT to npm and the bot at once, and forwarded by npm) shuts down gracefully, once', async () => {
    const started = await stopAndRestart(({ child }) => killGroup(child, 'SIGINT'));
    expect(started.output().match(/"msg":"Shutting down"/g)).toHaveLength(1);
    expect(started.output()).not.toContain('Second signal');
  }, 40_000);

  it('npm killed outright (SIGKILL) stops the bot too, which notices it lost its parent', async () => {
    const started = await stopAndRestart(({ child }) => child.kill('SIGKILL'));
    expect(started.output()).toMatch(/"signal":"SIGTERM".*"msg":"Shutting down"/);
  }, 40_000);
});

describe('the quick start, as the README gives it', () => {
  const APP_TOKEN = 'xapp-1-A0OVERSEER-quickstart';
  const t = perTestWorld({ socketMode: true, appToken: APP_TOKEN });

  it('npm start with only the six quick-start settings (Socket Mode, no public URL) gets ready and posts an incident', async () => {
    t.world.push('Add widgets', 'success');
    t.world.push('Break the widget parser', 'failure');
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'overseer-quick-'));
    const full = t.world.env();
    const env = {
      SLACK_BOT_TOKEN: full.SLACK_BOT_TOKEN ?? '',
      SLACK_APP_TOKEN: APP_TOKEN,
      GITHUB_TOKEN: full.GITHUB_TOKEN ?? '',
      OVERSEER_REPO: full.OVERSEER_REPO ?? '',
      OVERSEER_CHANNEL: full.OVERSEER_CHANNEL ?? '',
      OVERSEER_SELF_HEAL_ENABLED: 'true',
      // Not settings a user types: where this test's fake Slack and GitHub are, and a data dir.
      SLACK_API_URL: full.SLACK_API_URL ?? '',
      GITHUB_API_URL: full.GITHUB_API_URL ?? '',
      OVERSEER_DATA_DIR: dataDir,
    };
    const started = await npmStart(env, port);
    try {
      const deadline = Date.now() + 15_000;
      let ready = 0;
      while (ready !== 200 && Date.now() < deadline) {
        ready = (await fetch(`${started.url}/readyz`)).status;
        if (ready !== 200) await sleep(200);
      }
      expect(ready).toBe(200);
      await t.world.slack.waitFor((slack) => slack.messages(CHANNEL).length === 1, 10_000);
      expect(visibleText(t.world.slack.messages(CHANNEL)[0])).toContain('Break the widget parser');
      started.child.kill('SIGTERM');
      await exitWithin(started.child, STOPPED_WITHIN_MS);
    } finally {
      killGroup(started.child, 'SIGKILL');
    }
  }, 40_000);
});
