import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './start-bot.js';

/**
 * A redis-server of the test's own on a free port, that it may stop and start again: never the
 * shared one at 6379, which other suites use. Its data lives in a temp dir: `stop('save')` keeps
 * it for the next start (as a Redis restarted with persistence would), `stop('empty')` loses it
 * (as a Redis without persistence, or a new instance, would).
 */
export interface OwnRedis {
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  stop(data: 'save' | 'empty'): Promise<void>;
  /** The server's PID while it runs (for the log of a failing test). */
  pid(): number | undefined;
  close(): Promise<void>;
}

const cli = (port: number, ...args: string[]) =>
  spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 5_000 });

async function untilPong(port: number, up: boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const pong = cli(port, 'ping').stdout.trim() === 'PONG';
    if (pong === up) return;
    if (Date.now() > deadline) throw new Error(`redis on ${port} did not come ${up ? 'up' : 'down'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'overseer-redis-'));
  const pidFile = join(dir, 'redis.pid');
  let running = false;
  const pid = () => {
    if (!running) return undefined;
    const text = readFileSync(pidFile, { encoding: 'utf8', flag: 'a+' }).trim();
    return text === '' ? undefined : Number(text);
  };
  const own: OwnRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      const started = spawnSync(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          dir,
          '--dbfilename',
          'dump.rdb',
          '--save',
          '',
          '--appendonly',
          'no',
          '--pidfile',
          pidFile,
          '--daemonize',
          'yes',
        ],
        { encoding: 'utf8', timeout: 5_000 },
      );
      if (started.status !== 0) throw new Error(`redis-server did not start: ${started.stderr}`);
      running = true;
      await untilPong(port, true);
    },
    async stop(data) {
      if (!running) return;
      cli(port, 'shutdown', data === 'save' ? 'save' : 'nosave');
      running = false;
      await untilPong(port, false);
      if (data === 'empty') rmSync(join(dir, 'dump.rdb'), { force: true });
    },
    pid,
    async close() {
      await own.stop('empty');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await own.start();
  return own;
}
