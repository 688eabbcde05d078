import { link, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

const LOCK_FILE = 'overseer.lock';

/**
 * Claims `dataDir` for this process with a lock file naming its pid and start time. A lock whose
 * process no longer runs is taken over; so is one naming our own pid with another start time (a
 * restarted container often gets the pid its predecessor had). One held by a live process is
 * refused: the embedded store serves a single process.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE);
  const self = `${process.pid} ${Math.round(performance.timeOrigin)}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(path, self)) return { path, release: () => releaseLock(path, self) };
    const holder = await readFile(path, 'utf8').catch(ignoreMissing);
    const pid = Number.parseInt(holder ?? '', 10);
    if (holder?.trim() === self || (pid !== process.pid && isAlive(pid))) {
      throw new Error(
        `The data dir ${dataDir} is in use by process ${pid}${pid === process.pid ? ' (this one)' : ''}: ` +
          'the embedded store serves one process only. To run several replicas, set REDIS_URL so they ' +
          `share a Redis store. If no such process is running, delete ${path}.`,
      );
    }
    // The holder is gone: take the lock over, unless someone else did meanwhile.
    if ((await readFile(path, 'utf8').catch(ignoreMissing)) === holder)
      await unlink(path).catch(ignoreMissing);
  }
  throw new Error(
    `Could not lock the data dir ${dataDir}: ${path} keeps reappearing; is another process starting?`,
  );
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  // Write a private file first and link it into place, so the lock never exists half-written.
  const draft = `${path}.${process.pid}.tmp`;
  const file = await open(draft, 'w');
  try {
    await file.writeFile(`${content}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(draft).catch(ignoreMissing);
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isCode(error, 'EPERM');
  }
}

async function releaseLock(path: string, self: string): Promise<void> {
  // Only remove the lock while it is still ours.
  const holder = await readFile(path, 'utf8').catch(ignoreMissing);
  if (holder?.trim() === self) await unlink(path).catch(ignoreMissing);
}

function ignoreMissing(error: unknown): undefined {
  if (isCode(error, 'ENOENT')) return undefined;
  throw error;
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
