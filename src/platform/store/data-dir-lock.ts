import { link, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

const LOCK_FILE = 'overseer.lock';

/**
 * Claims `dataDir` for this process with a lock file naming its pid and start time. A lock whose
 * process no longer runs, or is a zombie its parent has not reaped, is taken over; so is one
 * naming our own pid with another start time (a restarted container often gets the pid its
 * predecessor had). One held by a live process is
 * refused: the embedded store serves a single process.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE);
  const self = `${process.pid} ${Math.round(performance.timeOrigin)}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(path, self)) return { path, release: () => releaseLock(path, self) };
    const holder = await readFile(path, 'utf8').catch(ignoreMissing);
    const pid = Number.parseInt(holder ?? '', 10);
    if (holder?.trim() === self || (pid !== process.pid && (await isAlive(pid)))) {
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

async function isAlive(pid: number): Promise<boolean> {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if (!isCode(error, 'EPERM')) return false;
  }
  return !(await hasDied(pid));
}

/**
 * A zombie (state Z: exited, not yet reaped by its parent) or a dead task (X) still answers
 * kill(pid, 0), yet holds nothing. On Linux, /proc/<pid>/stat says so in its third field, after
 * the command name in parentheses (which may itself hold spaces or parentheses, hence the last
 * one). Elsewhere, or when /proc cannot be read, the process counts as alive.
 */
async function hasDied(pid: number): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return false;
  const state = stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .charAt(0);
  return state === 'Z' || state === 'X';
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
