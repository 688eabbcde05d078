// The whole bot (createOverseer, as main.ts starts it) inside the test process, against the fake
// Slack and fake GitHub of a World: the same HTTP server, Bolt receiver and webhook route the
// built bot serves, without a child process, so thousands of requests fit in a test's time.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import sqlite3 from 'sqlite3';
import { createOverseer, type Overseer } from '../../src/create-overseer.js';
import { createLogger } from '../../src/platform/log/create-logger.js';
import { loadConfig } from '../../src/settings/load-config.js';
import { freePort } from './start-bot.js';

export interface InProcessBot {
  readonly url: string;
  readonly overseer: Overseer;
  /** Every log line the bot wrote so far, as written (JSON lines). */
  logText(): string;
  /**
   * The store's documents, markers and Slack's delivery de-duplication marks excepted (they are
   * kept for every delivery, refused or not, so a retry of it is not handled twice): key -> JSON.
   */
  documents(): Promise<Map<string, string>>;
  stop(): Promise<void>;
}

/** Reads the embedded store's SQLite file beside the bot (WAL: readers never block its writer). */
function readDocuments(file: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => {
      if (error) return reject(error);
      db.all<{ key: string; value: string }>(
        'SELECT key, value FROM documents ORDER BY key',
        (queryError, rows) => {
          db.close();
          if (queryError) return reject(queryError);
          const kept = rows.filter((row) => !row.key.startsWith('doc:slack-deliveries-done:'));
          resolve(new Map(kept.map((row) => [row.key, row.value])));
        },
      );
    });
  });
}

/**
 * Starts Overseer in this process with `env` (the embedded store in a fresh temp dir, any free
 * port), and `configYaml` as its overseer.yml when given.
 */
export async function startInProcessBot(
  env: Record<string, string>,
  configYaml?: string,
): Promise<InProcessBot> {
  const dataDir = mkdtempSync(join(tmpdir(), 'overseer-inproc-'));
  const file = configYaml === undefined ? {} : { OVERSEER_CONFIG: 'overseer.yml' };
  const loaded = loadConfig(
    {
      LOG_LEVEL: 'debug',
      // The real status page is not for tests (a real GitHub outage would hold their pages).
      OVERSEER_GITHUB_STATUS: 'false',
      ...env,
      ...file,
      PORT: String(await freePort()),
      OVERSEER_DATA_DIR: dataDir,
    },
    { cwd: dataDir, read: (path) => (path.endsWith('overseer.yml') ? configYaml : undefined) },
  );
  if (!loaded.ok) throw new Error(`the test's settings are refused: ${loaded.error.message}`);
  let lines = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines += chunk.toString();
      done();
    },
  });
  const log = createLogger({ level: loaded.config.logLevel, pretty: false, destination });
  const overseer = await createOverseer(loaded.config, log);
  return {
    url: `http://127.0.0.1:${overseer.port}`,
    overseer,
    logText: () => lines,
    documents: () => readDocuments(join(dataDir, 'overseer.sqlite')),
    stop: () => overseer.stop(),
  };
}
