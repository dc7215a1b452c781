import type BetterSqlite3 from 'better-sqlite3';
import { StorageError } from '../interface';

/** The schema version this code writes; a newer database is refused rather than misread. */
export const SCHEMA_VERSION = 1;

/**
 * The log (kine's table): the row id is the revision; AUTOINCREMENT so no id is ever reused, even after
 * compaction removed the newest rows. `create_revision` 0 means "this row created the key".
 * A delete's row keeps the last value in `value` and in `old_value`.
 * `current` maps each live key to its newest row, so get, list and count touch live keys only.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  value TEXT NOT NULL,
  old_value TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS log_key_prev_revision ON log (key, prev_revision);
CREATE TABLE IF NOT EXISTS current (
  key TEXT PRIMARY KEY,
  id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * Sets the pragmas a durable, single-writer store needs and creates or checks the schema.
 * `synchronous`: FULL makes each commit fsync the WAL before it returns; NORMAL leaves that to the
 * caller (SqliteLogStore.sync, off the event loop) — SQLite still syncs around checkpoints.
 */
export function prepareDatabase(db: BetterSqlite3.Database, synchronous: 'FULL' | 'NORMAL' = 'FULL'): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal' && db.name !== ':memory:') {
    throw new StorageError(`cannot use WAL journal mode on ${db.name} (got ${String(mode)})`);
  }
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  db.exec(DDL);
  const row = db.prepare(`SELECT value FROM meta WHERE name = 'schema_version'`).get() as
    | { value: number }
    | undefined;
  if (!row) {
    db.prepare(`INSERT INTO meta (name, value) VALUES ('schema_version', ?)`).run(SCHEMA_VERSION);
  } else if (row.value > SCHEMA_VERSION) {
    throw new StorageError(`database schema version ${row.value} is newer than this skiff (${SCHEMA_VERSION})`);
  }
}
