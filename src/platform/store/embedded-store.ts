import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import type { Logger } from 'pino';
import { type CasResult, type Store, StoreUnavailableError, type Versioned } from '../../core/ports.js';
import { checkWholeNumber } from './check-store-args.js';
import { dataDirError } from './data-dir-error.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { COORDINATION_SCHEMA, createEmbeddedCoordination, type SqlQuery } from './embedded-coordination.js';
import { createKeyedMutex } from './keyed-mutex.js';
import { sqlRows } from './sql-rows.js';
import { toStoreError } from './to-store-error.js';

export interface EmbeddedStoreOptions {
  /** Directory for the SQLite file and the lock file; created when missing. */
  readonly dataDir: string;
  readonly logger?: Logger;
}

const DATABASE_FILE = 'overseer.sqlite';
const DOCUMENT_NAMESPACE = 'doc';
const ADVICE = 'Check that the data dir is writable and its disk is not full.';

/**
 * A single-process store in one SQLite file: documents through keyv, markers and due-time queues
 * in tables beside them. An in-process per-key lock makes compare-and-set atomic; every write is
 * committed (WAL, synchronous=FULL) before its promise resolves, so it survives a crash.
 */
export async function createEmbeddedStore({ dataDir, logger }: EmbeddedStoreOptions): Promise<Store> {
  const dir = resolve(dataDir);
  const lock = await claimDataDir(dir);
  const adapter = new KeyvSqlite({
    uri: `sqlite://${join(dir, DATABASE_FILE)}`,
    table: 'documents',
    busyTimeout: 5000,
  });
  const keyv = new Keyv<unknown>(adapter, { namespace: DOCUMENT_NAMESPACE, throwOnErrors: true });
  const query: SqlQuery = (sql, ...params) => adapter.query(sql, ...params);
  try {
    await configureDurability(query, logger);
    for (const statement of COORDINATION_SCHEMA) await query(statement);
    // The data-dir lock makes this the only process: leases left in the file are a dead one's.
    await query(`DELETE FROM markers WHERE key LIKE 'lease:%'`);
  } catch (error) {
    await adapter.disconnect().catch(() => undefined);
    await lock.release();
    throw toStoreError(error, `Opening the embedded store in ${dir}`, ADVICE);
  }

  let closed: Promise<void> | undefined;
  const mutex = createKeyedMutex();
  const onDocument = <T>(key: string, task: () => Promise<T>) => mutex.run(`doc\u0000${key}`, task);
  const coordination = createEmbeddedCoordination(query, mutex);
  const guard = async <T>(what: string, task: () => Promise<T>): Promise<T> => {
    if (closed) throw new StoreUnavailableError(`Embedded store ${what} failed: the store is closed.`);
    try {
      return await task();
    } catch (error) {
      if (error instanceof RangeError) throw error;
      throw toStoreError(error, `Embedded store ${what}`, ADVICE);
    }
  };
  const read = async <T>(key: string) => (await keyv.get<Versioned<T>>(key)) ?? undefined;

  logger?.info({ dataDir: dir }, 'Embedded store opened');
  return {
    get: (key) => guard(`get ${key}`, () => read(key)),

    put: <T>(key: string, value: T, expectedVersion: number) =>
      guard(`put ${key}`, () => {
        checkWholeNumber('expectedVersion', expectedVersion, 0);
        return onDocument(key, async (): Promise<CasResult<T>> => {
          const current = await read<T>(key);
          if ((current?.version ?? 0) !== expectedVersion) return { ok: false, current };
          const version = expectedVersion + 1;
          await keyv.set(key, { value, version } satisfies Versioned<T>);
          return { ok: true, version };
        });
      }),

    remove: (key, expectedVersion) =>
      guard(`remove ${key}`, () =>
        onDocument(key, async () => {
          const current = await read(key);
          if (current === undefined || current.version !== expectedVersion) return false;
          return keyv.delete(key);
        }),
      ),

    list: <T>(prefix: string) =>
      guard(`list ${prefix}`, async () => {
        const rows = await query(
          'SELECT key FROM documents WHERE key >= ?1 AND substr(key, 1, length(?1)) = ?1 ORDER BY key',
          `${DOCUMENT_NAMESPACE}:${prefix}`,
        );
        const keys = sqlRows(rows).map((row) => String(row.key).slice(DOCUMENT_NAMESPACE.length + 1));
        if (keys.length === 0) return [];
        const documents = await keyv.getMany<Versioned<T>>(keys);
        return keys.flatMap((key, index) => {
          const document = documents[index];
          return document ? [{ key, value: document.value, version: document.version }] : [];
        });
      }),

    setIfAbsent: (key, value, ttlMs) =>
      guard(`setIfAbsent ${key}`, () => coordination.setIfAbsent(key, value, ttlMs)),
    getMarker: (key) => guard(`getMarker ${key}`, () => coordination.getMarker(key)),
    releaseMarker: (key, value) =>
      guard(`releaseMarker ${key}`, () => coordination.releaseMarker(key, value)),
    renewMarker: (key, value, ttlMs) =>
      guard(`renewMarker ${key}`, () => coordination.renewMarker(key, value, ttlMs)),
    schedule: (queue, member, dueAt) =>
      guard(`schedule ${queue}`, () => coordination.schedule(queue, member, dueAt)),
    unschedule: (queue, member) => guard(`unschedule ${queue}`, () => coordination.unschedule(queue, member)),
    claimDue: (queue, now, leaseMs, limit) =>
      guard(`claimDue ${queue}`, () => coordination.claimDue(queue, now, leaseMs, limit)),

    ping: () => guard('ping', async () => void (await query('SELECT 1'))),

    close() {
      closed ??= (async () => {
        await keyv.disconnect();
        await lock.release();
        logger?.info({ dataDir: dir }, 'Embedded store closed');
      })();
      return closed;
    },
  };
}

/** Creates the data dir when missing and locks it, explaining a dir this user cannot write. */
async function claimDataDir(dir: string): Promise<DataDirLock> {
  try {
    await mkdir(dir, { recursive: true });
    return await acquireDataDirLock(dir);
  } catch (error) {
    throw dataDirError(error, dir, process.getuid?.()) ?? error;
  }
}

/**
 * WAL with synchronous=FULL: a commit is fsynced to the WAL before the statement returns, so a
 * write whose promise resolved survives `kill -9` and power loss. (SQLite's own default is a
 * rollback journal, also durable at FULL; set both explicitly rather than trust build defaults.)
 */
async function configureDurability(query: SqlQuery, logger: Logger | undefined): Promise<void> {
  const journal = sqlRows(await query('PRAGMA journal_mode = WAL'))[0]?.journal_mode;
  if (journal !== 'wal') {
    logger?.warn({ journal }, 'SQLite refused WAL mode; writes stay durable in its rollback journal');
  }
  await query('PRAGMA synchronous = FULL');
  const synchronous = sqlRows(await query('PRAGMA synchronous'))[0]?.synchronous;
  if (synchronous !== 2)
    throw new Error(`SQLite kept synchronous=${String(synchronous)} instead of FULL (2)`);
}
