import type { KeyRange } from './keys';

/**
 * One row of the revision log: one write. The row's revision is its position in the log, as kine's row
 * id is; `prevRevision` links a key's rows into a chain, and no two rows may share (key, prevRevision):
 * that uniqueness is the compare-and-swap guard.
 */
export interface LogRow {
  revision: number;
  key: string;
  /** Revision that created the key (this row's own revision when it is the create). */
  createRevision: number;
  /** Revision of the key's previous row (0: none is left in the log). */
  prevRevision: number;
  deleted: boolean;
  /** The value after the write; for a delete, the value the key had. */
  value: string;
  /** The value before the write (undefined when the write created the key); watches emit it as prevKv. */
  prevValue?: string;
}

/** What a writer appends; the store assigns the revision. */
export interface AppendInput {
  key: string;
  /** undefined: this write creates the key, so its create revision is its own revision. */
  createRevision?: number;
  prevRevision: number;
  deleted: boolean;
  value: string;
  prevValue?: string;
}

/**
 * The narrow layer a backend keeps its log in (kine's "SQL log" layer): rows in, rows out, no rules.
 * `LogBackend` owns every rule (preconditions, revisions, watches, compaction); a store only stores.
 * Every method is synchronous; reads see committed state only, outside `transaction`.
 */
export interface LogStore {
  /** The highest revision ever assigned, even if compaction removed its row; 0 for an empty store. */
  lastRevision(): number;
  /** The revision history is compacted up to (persisted). */
  compactedRevision(): number;
  /** Up to which revision compaction has removed obsolete rows (≤ compactedRevision; persisted). */
  sweptRevision(): number;

  /** The key's live row; undefined when absent or deleted. */
  current(key: string): LogRow | undefined;
  /** The key's newest row, deleted or not. */
  latest(key: string): LogRow | undefined;
  /** Live rows in `range`, in key order; limit 0: all. */
  listCurrent(range: KeyRange, limit: number): LogRow[];
  countCurrent(range: KeyRange): number;
  /** Rows live at `revision` in `range`, in key order; limit 0: all. Only above the compacted revision. */
  listAt(range: KeyRange, revision: number, limit: number): LogRow[];
  countAt(range: KeyRange, revision: number): number;
  /** Up to `limit` rows in `range` with revision in (after, upTo], in revision order. */
  since(range: KeyRange, after: number, upTo: number, limit: number): LogRow[];

  /**
   * Runs `fn` as one atomic transaction; if `fn` throws, nothing is kept. Durable when it returns,
   * unless the store has `sync`: then only once a `sync` begun after it resolves.
   */
  transaction<T>(fn: () => T): T;
  /**
   * Makes every transaction committed so far durable, off the event loop (the commit itself then only
   * writes, so the loop never waits for the disk). Absent: commits are durable when they return.
   */
  sync?(): Promise<void>;
  /**
   * Appends a row and updates the current state; only inside `transaction`. Returns undefined when the
   * key already has a row after `prevRevision` (the uniqueness guard fired).
   */
  append(input: AppendInput): LogRow | undefined;
  /** Records the compacted revision; rows are removed afterwards by `sweep`. */
  setCompactedRevision(revision: number): void;
  /**
   * Removes the rows made obsolete by rows with revision in (from, to], to ≤ compactedRevision: their
   * predecessors, and themselves if they are deletes. Records `to` as swept in the same transaction.
   * Returns how many rows were removed.
   */
  sweep(from: number, to: number): number;

  close(): void;
}
