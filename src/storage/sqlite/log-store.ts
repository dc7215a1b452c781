import { fdatasync, openSync, closeSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import type { KeyRange } from '../log/keys';
import type { AppendInput, LogRow, LogStore } from '../log/store';
import { prepareDatabase } from './schema';

interface Row {
  id: number;
  key: string;
  create_revision: number;
  prev_revision: number;
  deleted: number;
  value: string;
  old_value: string | null;
}

const COLUMNS = 'l.id, l.key, l.create_revision, l.prev_revision, l.deleted, l.value, l.old_value';

function toLogRow(row: Row): LogRow {
  return {
    revision: row.id,
    key: row.key,
    createRevision: row.create_revision || row.id,
    prevRevision: row.prev_revision,
    deleted: row.deleted !== 0,
    value: row.value,
    prevValue: row.old_value ?? undefined,
  };
}

/** `col >= ? [AND col < ?]` for a range, and its parameters. */
function rangeSql(column: string, range: KeyRange): { sql: string; params: string[] } {
  const lower = `${column} ${range.lowerInclusive ? '>=' : '>'} ?`;
  if (range.upper === undefined) return { sql: lower, params: [range.lower] };
  return { sql: `${lower} AND ${column} < ?`, params: [range.lower, range.upper] };
}

/** The fixed statements, prepared once per database. */
function prepareStatements(db: BetterSqlite3.Database) {
  return {
    current: db.prepare(`SELECT ${COLUMNS} FROM current c CROSS JOIN log l ON l.id = c.id WHERE c.key = ?`),
    latest: db.prepare(`SELECT ${COLUMNS} FROM log l WHERE l.key = ? ORDER BY l.prev_revision DESC LIMIT 1`),
    insert: db.prepare(
      `INSERT INTO log (key, create_revision, prev_revision, deleted, value, old_value) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (key, prev_revision) DO NOTHING`,
    ),
    setCurrent: db.prepare(`INSERT INTO current (key, id) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET id = excluded.id`),
    deleteCurrent: db.prepare(`DELETE FROM current WHERE key = ?`),
    lastRevision: db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'log'`).pluck(),
    getMeta: db.prepare(`SELECT value FROM meta WHERE name = ?`).pluck(),
    setMeta: db.prepare(`INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`),
    sweepPrevious: db.prepare(
      `DELETE FROM log WHERE id IN (SELECT prev_revision FROM log WHERE id > ? AND id <= ? AND prev_revision > 0)`,
    ),
    sweepDeleted: db.prepare(`DELETE FROM log WHERE id > ? AND id <= ? AND deleted = 1`),
  };
}

/** The log in SQLite: statements prepared once (range queries once per range shape, on first use). */
export class SqliteLogStore implements LogStore {
  private readonly db: BetterSqlite3.Database;
  private readonly cache = new Map<string, BetterSqlite3.Statement>();
  private readonly tx: BetterSqlite3.Transaction<(fn: () => unknown) => unknown>;
  private readonly stmts: ReturnType<typeof prepareStatements>;
  private compacted: number;
  private swept: number;
  /** The WAL file, opened on the first sync: fdatasync of it makes every commit before it durable. */
  private walFd: number | undefined;
  readonly sync?: () => Promise<void>;

  /**
   * `asyncSync`: commits return without waiting for the disk and `sync()` makes them durable from the
   * thread pool (the backend answers writers after it); otherwise each commit fsyncs before returning.
   */
  constructor(db: BetterSqlite3.Database, options: { asyncSync?: boolean } = {}) {
    this.db = db;
    const asyncSync = options.asyncSync === true && !db.memory;
    prepareDatabase(db, asyncSync ? 'NORMAL' : 'FULL');
    if (asyncSync) this.sync = () => this.syncWal();
    this.stmts = prepareStatements(db);
    this.tx = db.transaction((fn: () => unknown) => fn());
    this.compacted = (this.stmts.getMeta.get('compact_revision') as number | undefined) ?? 0;
    this.swept = (this.stmts.getMeta.get('swept_revision') as number | undefined) ?? 0;
  }

  lastRevision(): number {
    return (this.stmts.lastRevision.get() as number | undefined) ?? 0;
  }
  compactedRevision(): number {
    return this.compacted;
  }
  sweptRevision(): number {
    return this.swept;
  }

  current(key: string): LogRow | undefined {
    const row = this.stmts.current.get(key) as Row | undefined;
    return row && toLogRow(row);
  }

  latest(key: string): LogRow | undefined {
    const row = this.stmts.latest.get(key) as Row | undefined;
    return row && toLogRow(row);
  }

  listCurrent(range: KeyRange, limit: number): LogRow[] {
    const r = rangeSql('c.key', range);
    const sql = `SELECT ${COLUMNS} FROM current c CROSS JOIN log l ON l.id = c.id WHERE ${r.sql} ORDER BY c.key LIMIT ?`;
    return (this.statement(sql).all(...r.params, limit || -1) as Row[]).map(toLogRow);
  }

  countCurrent(range: KeyRange): number {
    const r = rangeSql('key', range);
    return this.statement(`SELECT count(*) FROM current WHERE ${r.sql}`).pluck().get(...r.params) as number;
  }

  listAt(range: KeyRange, revision: number, limit: number): LogRow[] {
    const r = rangeSql('key', range);
    // The newest row of each key at or before `revision`; keys whose newest row is a delete are absent.
    // The inner ORDER BY lets SQLite stream keys from the index instead of sorting the whole range per page.
    const sql = `SELECT ${COLUMNS} FROM (SELECT key, max(id) AS id FROM log WHERE ${r.sql} AND id <= ? GROUP BY key ORDER BY key) m
      CROSS JOIN log l ON l.id = m.id WHERE l.deleted = 0 ORDER BY m.key LIMIT ?`;
    return (this.statement(sql).all(...r.params, revision, limit || -1) as Row[]).map(toLogRow);
  }

  countAt(range: KeyRange, revision: number): number {
    const r = rangeSql('key', range);
    const sql = `SELECT count(*) FROM (SELECT max(id) AS id FROM log WHERE ${r.sql} AND id <= ? GROUP BY key) m
      CROSS JOIN log l ON l.id = m.id WHERE l.deleted = 0`;
    return this.statement(sql).pluck().get(...r.params, revision) as number;
  }

  since(range: KeyRange, after: number, upTo: number, limit: number): LogRow[] {
    // Walk by id (`+key` keeps the planner off the key index): replays usually start near the head.
    const r = rangeSql('+l.key', range);
    const sql = `SELECT ${COLUMNS} FROM log l WHERE l.id > ? AND l.id <= ? AND ${r.sql} ORDER BY l.id LIMIT ?`;
    return (this.statement(sql).all(after, upTo, ...r.params, limit) as Row[]).map(toLogRow);
  }

  transaction<T>(fn: () => T): T {
    // IMMEDIATE takes the write lock at BEGIN, so what the writes read cannot change before COMMIT.
    return this.tx.immediate(fn) as T;
  }

  append(input: AppendInput): LogRow | undefined {
    if (!this.db.inTransaction) throw new Error('append outside a transaction');
    const info = this.stmts.insert.run(
      input.key,
      input.createRevision ?? 0,
      input.prevRevision,
      input.deleted ? 1 : 0,
      input.value,
      input.prevValue ?? null,
    );
    if (info.changes === 0) return undefined;
    const revision = Number(info.lastInsertRowid);
    if (input.deleted) this.stmts.deleteCurrent.run(input.key);
    else this.stmts.setCurrent.run(input.key, revision);
    return {
      revision,
      key: input.key,
      createRevision: input.createRevision ?? revision,
      prevRevision: input.prevRevision,
      deleted: input.deleted,
      value: input.value,
      prevValue: input.prevValue,
    };
  }

  setCompactedRevision(revision: number): void {
    this.transaction(() => this.stmts.setMeta.run('compact_revision', revision));
    this.compacted = revision;
  }

  sweep(from: number, to: number): number {
    const removed = this.transaction(() => {
      // Predecessors first: a delete and the row it superseded go in the same transaction.
      const n = this.stmts.sweepPrevious.run(from, to).changes + this.stmts.sweepDeleted.run(from, to).changes;
      this.stmts.setMeta.run('swept_revision', to);
      return n;
    });
    this.swept = to;
    return removed;
  }

  close(): void {
    if (this.db.open) this.db.close();
    if (this.walFd !== undefined) closeSync(this.walFd);
    this.walFd = undefined;
  }

  private syncWal(): Promise<void> {
    // The WAL exists once a transaction has committed in WAL mode, and stays (reset, not removed) while open.
    this.walFd ??= openSync(`${this.db.name}-wal`, 'r');
    const fd = this.walFd;
    return new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) this.cache.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }
}
