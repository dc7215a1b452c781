import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../../util/clock';
import { silentLogger, type Logger } from '../../util/logger';
import { StorageError } from '../interface';
import { LogBackend } from '../log/backend';
import { SqliteLogStore } from './log-store';

export interface SqliteBackendOptions {
  /** The database file (created with its directories, mode 0600/0700, if absent). */
  path: string;
  logger?: Logger;
  clock?: Clock;
  /** How often history is compacted; default 5 minutes; 0: only by explicit `compact`. */
  compactIntervalMs?: number;
  /** Revisions of history kept by the timer; default 1000, as kine. */
  compactKeepRevisions?: number;
  /** better-sqlite3's addon, already loaded (the single-executable build extracts and dlopens it). */
  nativeBinding?: unknown;
  /** fsync inside each commit, on the event loop (synchronous=FULL), instead of from the thread pool. */
  syncOnCommit?: boolean;
}

/**
 * The durable backend: the log in one SQLite file in WAL mode. A write's promise resolves only after
 * its transaction is on disk: commits write the WAL without waiting, then one fdatasync of the WAL from
 * the thread pool covers the batch, so the event loop never blocks on the disk. Writes issued while
 * one batch is syncing gather into the next transaction (group commit). Only this process may write the file.
 */
export class SqliteBackend extends LogBackend {
  constructor(options: SqliteBackendOptions) {
    const logger = options.logger ?? silentLogger;
    super({
      store: openStore(options.path, options.nativeBinding, options.syncOnCommit !== true),
      logger,
      clock: options.clock,
      compactIntervalMs: options.compactIntervalMs,
      compactKeepRevisions: options.compactKeepRevisions,
    });
    logger.debug('opened sqlite datastore', { path: options.path, revision: this.currentRevision() });
  }
}

function openStore(path: string, nativeBinding: unknown, asyncSync: boolean): SqliteLogStore {
  let db: Database.Database;
  try {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // The database holds Secrets: create it private to skiff's user (SQLite gives its WAL the same mode).
      closeSync(openSync(path, 'a', 0o600));
    }
    // The types allow only a path; better-sqlite3 also takes the loaded addon object (issue #972).
    db = new Database(path, { nativeBinding: nativeBinding as Database.Options['nativeBinding'] });
  } catch (err) {
    throw new StorageError(`cannot open sqlite datastore ${path}`, { cause: err });
  }
  try {
    return new SqliteLogStore(db, { asyncSync });
  } catch (err) {
    db.close();
    throw err instanceof StorageError ? err : new StorageError(`cannot prepare sqlite datastore ${path}`, { cause: err });
  }
}
