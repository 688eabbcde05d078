import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFailed } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MAIN = join(ROOT, 'dist', 'main.js');

export interface Bot {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** The bot's process ID (for reading /proc/<pid>/status). */
  readonly pid: number;
  /** Everything the bot printed so far (JSON log lines and stderr). */
  output(): string;
  /** Parsed JSON log lines. */
  logs(): Array<Record<string, unknown>>;
  /**
   * Sends `signal` and answers the exit code; after `killAfterMs` (default 8 s) the bot is killed
   * (SIGKILL, code null) instead, so a bot that does not stop cannot hang the test.
   */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs `node dist/main.js` in an empty working directory with exactly `env` (plus PATH), as
 * `user` when given (which needs root; the working directory must be readable by that user).
 */
export function runMain(
  env: Record<string, string>,
  cwd = mkdtempSync(join(tmpdir(), 'overseer-cwd-')),
  user?: { readonly uid: number; readonly gid: number },
) {
  return spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function exitOf(child: ChildProcess): Promise<number | null> {
  if (exited(child)) return child.exitCode;
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Lines of each bot's output printed when the test that started it fails. */
const TOLD_LINES = 150;

/**
 * When the test that started this bot fails, print the end of the bot's output: a rare failure in
 * CI (a restarted bot that does nothing for a while) can then be read, not guessed. Outside a
 * running test (a bench, a hook) there is no test to fail, and nothing is registered.
 */
function tellOnFailure(pid: number, output: () => string): void {
  try {
    onTestFailed(({ task }) => {
      const lines = output().trimEnd().split('\n');
      const tail = lines.slice(-TOLD_LINES).join('\n');
      process.stderr.write(
        `\n--- bot ${pid} (test "${task.name}" failed): last ${Math.min(lines.length, TOLD_LINES)} of ${lines.length} lines ---\n${tail}\n--- end of bot ${pid} ---\n`,
      );
    });
  } catch {
    // Not inside a running test.
  }
}

/**
 * Starts the built bot and waits until /healthz answers 200 (or fails with its output). The wait
 * is long: on a loaded 2-core machine, loading the bot's modules alone once took over 10 s.
 */
export async function startBot(env: Record<string, string>, timeoutMs = 20_000): Promise<Bot> {
  // A free port is free only until someone takes it: another test file, or another run on the
  // machine, may listen on it before the bot does. The bot then exits with EADDRINUSE at once, and
  // is started again on another (a port the test chose is its own to keep).
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startBotOnce(env, timeoutMs);
    } catch (error) {
      const taken = error instanceof Error && error.message.includes('EADDRINUSE');
      if (!taken || env.PORT !== undefined || attempt >= 3) throw error;
    }
  }
}

async function startBotOnce(env: Record<string, string>, timeoutMs: number): Promise<Bot> {
  const port = Number(env.PORT ?? (await freePort()));
  const dataDir = env.OVERSEER_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'overseer-data-'));
  // GitHub's real status page is off unless a test turns it on (with its fake): a real outage
  // while tests run must not hold their pages, and tests make no call outside this machine.
  const child = runMain({
    LOG_LEVEL: process.env.OVERSEER_TEST_BOT_LOG_LEVEL ?? 'info',
    OVERSEER_GITHUB_STATUS: 'false',
    ...env,
    PORT: String(port),
    OVERSEER_DATA_DIR: dataDir,
  });
  const closed = new Promise((resolve) => child.once('close', resolve));
  let output = '';
  // To read a rare failure in full: every bot's output also goes to <dir>/bot-<pid>.log.
  const logDir = process.env.OVERSEER_TEST_BOT_LOG_DIR;
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (logDir) appendFileSync(join(logDir, `bot-${child.pid ?? 0}.log`), chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  tellOnFailure(child.pid ?? 0, () => output);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited(child)) {
      await closed; // its last words (EADDRINUSE, say) may still be in the pipes
      throw new Error(`bot exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    }
    const ok = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bot did not answer /healthz within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    port,
    dataDir,
    pid: child.pid ?? 0,
    output: () => output,
    logs: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop(signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 8_000) {
      if (exited(child)) return child.exitCode;
      const exit = exitOf(child);
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}
