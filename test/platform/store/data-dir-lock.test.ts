import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../../src/platform/store/data-dir-lock.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-lock-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The state letter of /proc/<pid>/stat (field 3), or undefined when the process is gone. */
async function procState(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat?.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/**
 * A zombie: `sh` starts `sleep 0` in the background and then becomes `sleep 5` (exec), which
 * never reaps its child. The child exits at once and stays in /proc with state Z.
 */
async function startZombie(): Promise<number> {
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  cleanups.push(() => {
    parent.kill('SIGKILL');
  });
  const lines = createInterface({ input: parent.stdout });
  const first = await new Promise<string>((resolve) => lines.once('line', resolve));
  const pid = Number.parseInt(first, 10);
  for (let tries = 0; tries < 200 && (await procState(pid)) !== 'Z'; tries++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return pid;
}

describe.runIf(process.platform === 'linux')('data dir lock', () => {
  it('takes over a lock whose holder is a zombie: it exists in /proc but has died', async () => {
    const zombie = await startZombie();
    expect(await procState(zombie)).toBe('Z');
    // The process still exists as far as kill(pid, 0) can tell.
    expect(() => process.kill(zombie, 0)).not.toThrow();
    const dataDir = await freshDir();
    await writeFile(join(dataDir, 'overseer.lock'), `${zombie} 1\n`);

    const lock = await acquireDataDirLock(dataDir);
    expect((await readFile(lock.path, 'utf8')).split(' ')[0]).toBe(String(process.pid));
    await lock.release();
  });

  it('still refuses a lock held by a live process that is sleeping', async () => {
    const sleeper = spawn('sleep', ['5'], { stdio: 'ignore' });
    cleanups.push(() => {
      sleeper.kill('SIGKILL');
    });
    const pid = sleeper.pid ?? 0;
    for (let tries = 0; tries < 200 && (await procState(pid)) !== 'S'; tries++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const dataDir = await freshDir();
    await writeFile(join(dataDir, 'overseer.lock'), `${pid} 1\n`);
    await expect(acquireDataDirLock(dataDir)).rejects.toThrow(`in use by process ${pid}`);
  });
});
