import type { DueItem, Store } from '../../core/ports.js';
import { checkWholeNumber } from './check-store-args.js';
import type { KeyedMutex } from './keyed-mutex.js';
import { sqlRows } from './sql-rows.js';

/** Runs one SQL statement on the store's single SQLite connection and answers its rows. */
export type SqlQuery = (sql: string, ...params: unknown[]) => Promise<unknown>;

type Coordination = Pick<
  Store,
  'setIfAbsent' | 'getMarker' | 'releaseMarker' | 'renewMarker' | 'schedule' | 'unschedule' | 'claimDue'
>;

export const COORDINATION_SCHEMA = [
  'CREATE TABLE IF NOT EXISTS markers (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER NOT NULL)',
  `CREATE TABLE IF NOT EXISTS due (
     queue TEXT NOT NULL, member TEXT NOT NULL, due_at INTEGER NOT NULL, PRIMARY KEY (queue, member))`,
  'CREATE INDEX IF NOT EXISTS due_by_time ON due (queue, due_at)',
] as const;

const PURGE_EVERY_MS = 60_000;

/**
 * Markers and due-time queues in two tables of the embedded store's SQLite file. Each marker
 * statement is atomic on its own; a claim reads then updates, so every queue operation holds the
 * queue's lock (a `schedule` landing between the read and the update would otherwise be overwritten).
 */
export function createEmbeddedCoordination(query: SqlQuery, mutex: KeyedMutex): Coordination {
  let lastPurge = 0;
  const onQueue = <T>(queue: string, task: () => Promise<T>) => mutex.run(`queue\u0000${queue}`, task);

  return {
    async setIfAbsent(key, value, ttlMs) {
      checkWholeNumber('ttlMs', ttlMs, 1);
      const now = Date.now();
      if (now - lastPurge >= PURGE_EVERY_MS) {
        lastPurge = now;
        await query('DELETE FROM markers WHERE expires_at <= ?', now);
      }
      const won = await query(
        `INSERT INTO markers (key, value, expires_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
         WHERE markers.expires_at <= ?4
         RETURNING key`,
        key,
        value,
        now + ttlMs,
        now,
      );
      return sqlRows(won).length === 1;
    },

    async getMarker(key) {
      const rows = sqlRows(
        await query('SELECT value FROM markers WHERE key = ? AND expires_at > ?', key, Date.now()),
      );
      const value = rows[0]?.value;
      return typeof value === 'string' ? value : undefined;
    },

    async releaseMarker(key, value) {
      const deleted = await query(
        'DELETE FROM markers WHERE key = ? AND value = ? AND expires_at > ? RETURNING key',
        key,
        value,
        Date.now(),
      );
      return sqlRows(deleted).length === 1;
    },

    async renewMarker(key, value, ttlMs) {
      checkWholeNumber('ttlMs', ttlMs, 1);
      const now = Date.now();
      const renewed = await query(
        'UPDATE markers SET expires_at = ? WHERE key = ? AND value = ? AND expires_at > ? RETURNING key',
        now + ttlMs,
        key,
        value,
        now,
      );
      return sqlRows(renewed).length === 1;
    },

    async schedule(queue, member, dueAt) {
      checkWholeNumber('dueAt', dueAt, 0);
      await onQueue(queue, () =>
        query(
          `INSERT INTO due (queue, member, due_at) VALUES (?, ?, ?)
           ON CONFLICT (queue, member) DO UPDATE SET due_at = excluded.due_at`,
          queue,
          member,
          dueAt,
        ),
      );
    },

    async unschedule(queue, member) {
      await onQueue(queue, () => query('DELETE FROM due WHERE queue = ? AND member = ?', queue, member));
    },

    async claimDue(queue, now, leaseMs, limit) {
      checkWholeNumber('now', now, 0);
      checkWholeNumber('leaseMs', leaseMs, 1);
      checkWholeNumber('limit', limit, 1);
      return onQueue(queue, async () => {
        const rows = sqlRows(
          await query(
            'SELECT member, due_at FROM due WHERE queue = ? AND due_at <= ? ORDER BY due_at, member LIMIT ?',
            queue,
            now,
            limit,
          ),
        );
        const items: DueItem[] = rows.map((row) => ({
          member: String(row.member),
          dueAt: Number(row.due_at),
        }));
        if (items.length === 0) return items;
        await query(
          'UPDATE due SET due_at = ? WHERE queue = ? AND member IN (SELECT value FROM json_each(?))',
          now + leaseMs,
          queue,
          JSON.stringify(items.map((item) => item.member)),
        );
        return items;
      });
    },
  };
}
