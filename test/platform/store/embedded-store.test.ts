import { spawn } from 'node:child_process';
import { mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/core/ports.js';
import { createEmbeddedStore } from '../../../src/platform/store/embedded-store.js';
import { describeStoreContract } from '../../support/store-contract.js';

const dirs: string[] = [];
const freshDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describeStoreContract('embedded', async () => {
  const store = await createEmbeddedStore({ dataDir: await freshDir() });
  return { store, peer: store, dispose: () => store.close() };
});

describe('embedded store', () => {
  it('refuses a second store on the same data dir and points at REDIS_URL', async () => {
    const dataDir = await freshDir();
    const store = await createEmbeddedStore({ dataDir });
    await expect(createEmbeddedStore({ dataDir })).rejects.toThrow(/in use by process \d+.*REDIS_URL/s);
    await store.close();
    const reopened = await createEmbeddedStore({ dataDir });
    await reopened.close();
  });

  it('refuses a data dir locked by another live process', async () => {
    const dataDir = await freshDir();
    await writeFile(join(dataDir, 'overseer.lock'), `${process.ppid} 1\n`);
    await expect(createEmbeddedStore({ dataDir })).rejects.toThrow(`in use by process ${process.ppid}`);
  });

  it('takes over a lock its own pid left in an earlier life', async () => {
    const dataDir = await freshDir();
    // A restarted container often gets its predecessor's pid; the start time tells them apart.
    await writeFile(join(dataDir, 'overseer.lock'), `${process.pid} 1\n`);
    const store = await createEmbeddedStore({ dataDir });
    await store.close();
    expect(await readdir(dataDir)).not.toContain('overseer.lock');
  });

  it('says a file is in the way when OVERSEER_DATA_DIR, or a folder above it, is a file', async () => {
    const file = join(await freshDir(), 'not-a-dir');
    await writeFile(file, '');
    await expect(createEmbeddedStore({ dataDir: file })).rejects.toThrow(
      `OVERSEER_DATA_DIR ${file} is not a directory (EEXIST): a file is in the way.`,
    );
    await expect(createEmbeddedStore({ dataDir: join(file, 'data') })).rejects.toThrow(
      `OVERSEER_DATA_DIR ${join(file, 'data')} is not a directory (ENOTDIR)`,
    );
  });

  it('refuses calls once closed', async () => {
    const store = await createEmbeddedStore({ dataDir: await freshDir() });
    await store.close();
    await expect(store.get('incident:1')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('keeps documents across close and reopen', async () => {
    const dataDir = await freshDir();
    const store = await createEmbeddedStore({ dataDir });
    await store.put('incident:1', { state: 'open' }, 0);
    await store.setIfAbsent('event:E1', 'seen', 60_000);
    await store.schedule('esc', 'incident:1', 1000);
    await store.close();
    const reopened = await createEmbeddedStore({ dataDir });
    expect(await reopened.get('incident:1')).toEqual({ value: { state: 'open' }, version: 1 });
    expect(await reopened.getMarker('event:E1')).toBe('seen');
    expect(await reopened.claimDue('esc', 1000, 1000, 10)).toEqual([{ member: 'incident:1', dueAt: 1000 }]);
    await reopened.close();
  });

  it('drops the leases a dead holder left when it opens, and keeps every other marker', async () => {
    const dataDir = await freshDir();
    const store = await createEmbeddedStore({ dataDir });
    await store.setIfAbsent('lease:outbox:acme/widgets:ci.yml:main', 'dead-owner', 60_000);
    await store.setIfAbsent('event:E1', 'seen', 60_000);
    await store.close();
    const reopened = await createEmbeddedStore({ dataDir });
    expect(await reopened.getMarker('lease:outbox:acme/widgets:ci.yml:main')).toBeUndefined();
    expect(await reopened.setIfAbsent('lease:outbox:acme/widgets:ci.yml:main', 'new-owner', 60_000)).toBe(
      true,
    );
    expect(await reopened.getMarker('event:E1')).toBe('seen');
    await reopened.close();
  });

  it('keeps its SQLite file in WAL mode', async () => {
    const dataDir = await freshDir();
    const store = await createEmbeddedStore({ dataDir });
    await store.close();
    // Bytes 18 and 19 of the database header are the file format versions: 2 means WAL.
    const header = Buffer.alloc(20);
    const file = await open(join(dataDir, 'overseer.sqlite'));
    await file.read(header, 0, 20, 0);
    await file.close();
    expect([header[18], header[19]]).toEqual([2, 2]);
  });

  it('keeps every write it reported after the writer is killed with SIGKILL', async () => {
    const dataDir = await freshDir();
    const reported = await runWriterUntilKilled(dataDir, 200);
    expect(reported.items.length).toBeGreaterThanOrEqual(200);
    // The dead writer left its lock behind; a new store must take it over.
    expect(await readdir(dataDir)).toContain('overseer.lock');

    const store = await createEmbeddedStore({ dataDir });
    for (const key of reported.items) expect(await store.get(key), key).toMatchObject({ version: 1 });
    const counter = await store.get<number>('counter');
    expect(counter?.version).toBeGreaterThanOrEqual(reported.counter);
    expect(counter?.value).toBe(counter?.version);
    await store.close();
  });
});

const WRITER = fileURLToPath(new URL('../../support/store-writer.mjs', import.meta.url));

/** Starts the writer child, SIGKILLs it once it has reported `writes` items, and answers all it reported. */
async function runWriterUntilKilled(dataDir: string, writes: number) {
  const child = spawn(process.execPath, [WRITER, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const items: string[] = [];
  let counter = 0;
  let stderr = '';
  let pending = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const [key = '', version = ''] = line.split(' ');
      if (key === 'counter') counter = Number(version);
      else items.push(key);
    }
    if (items.length >= writes) child.kill('SIGKILL');
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => {
    child.on('close', (exitCode, exitSignal) => done([exitCode, exitSignal]));
  });
  if (signal !== 'SIGKILL') throw new Error(`the writer exited on its own (code ${code}): ${stderr}`);
  return { items, counter };
}
