/**
 * The revisioned key/value store every API object lives in, shaped like etcd's (and kine's) model:
 * every write gets the next global revision, and a key's `modRevision` is the revision of its last write.
 * Keys look like `/registry/<group>/<resource>/<namespace>/<name>`; values are opaque strings
 * (the API server stores JSON).
 */

/** One stored key as it is at some revision. */
export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the write that created this key (since its last deletion). */
  createRevision: number;
  /** Revision of the last write to this key. */
  modRevision: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One committed change, delivered to watchers in revision order. */
export interface WatchEvent {
  type: WatchEventType;
  /** The revision of this write. */
  revision: number;
  /** The key after the write; for DELETED, the last value the key had, with modRevision = this revision. */
  kv: KeyValue;
  /** The key before the write (absent for ADDED). */
  prevKv?: KeyValue;
}

export interface ListOptions {
  /** Return at most this many keys (0 or absent: all). */
  limit?: number;
  /** Return only keys strictly greater than this one (the continue point of the previous page). */
  startAfter?: string;
  /**
   * Read as of this revision (0 or absent: the current revision). Older than the compacted revision:
   * CompactedError; newer than the current revision: FutureRevisionError.
   */
  revision?: number;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the list was read at. */
  revision: number;
  /** True when keys beyond the returned page remain. */
  more: boolean;
  /** How many matching keys remain after this page (best effort; undefined when unknown). */
  remaining?: number;
}

export interface WatchOptions {
  /**
   * Deliver every change with revision > afterRevision, then live changes. 0 or absent: live changes only.
   * A revision below the compacted revision fails with CompactedError (the compacted revision itself
   * works: every later change is kept, so a list at the compacted revision can always be followed by a
   * watch); one above the current revision fails with FutureRevisionError.
   */
  afterRevision?: number;
  /**
   * Called once if the watch stops on an internal failure (e.g. reading history fails mid-replay); the
   * listener gets nothing more. Without it the failure is only logged.
   */
  onError?: (error: Error) => void;
}

export interface Watcher {
  /** Stop delivering events; idempotent. Called by the consumer when its client goes away. */
  stop(): void;
}

export type WatchListener = (event: WatchEvent) => void;

/**
 * A storage backend. Every write resolves only once it is durable (committed and synced), and watchers
 * see it in revision order before or as the write resolves; a backend may batch writes that arrive together
 * into one transaction (group commit), acknowledging each caller after the batch commits.
 */
export interface Backend {
  /** The newest committed revision. */
  currentRevision(): number;
  /** The revision history has been compacted up to (0: nothing compacted). */
  compactedRevision(): number;

  get(key: string): Promise<KeyValue | undefined>;
  /** Keys starting with `prefix`, in key order. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Count of live keys starting with `prefix`. */
  count(prefix: string): Promise<number>;

  /** Creates `key`; KeyExistsError if it exists. Resolves with the new KeyValue. */
  create(key: string, value: string): Promise<KeyValue>;
  /**
   * Replaces `key` if its modRevision is still `expectedRevision` (compare-and-swap).
   * NotFoundError if absent; ConflictError (carrying the current KeyValue) if the revision moved.
   */
  update(key: string, value: string, expectedRevision: number): Promise<KeyValue>;
  /**
   * Deletes `key`, only if its modRevision is `expectedRevision` when that is given.
   * Resolves with the deleted KeyValue (its value before deletion) and the revision of the delete.
   */
  delete(key: string, expectedRevision?: number): Promise<{ prev: KeyValue; revision: number }>;

  /**
   * Watch keys starting with `prefix`. Events arrive in revision order, each exactly once, and only after
   * `watch` has returned. The listener must not throw and must not block; events are shared between
   * watchers and must not be modified. Throws CompactedError / FutureRevisionError (see WatchOptions).
   */
  watch(prefix: string, options: WatchOptions, listener: WatchListener): Watcher;

  /**
   * Drop history below `revision` (keeping each key's value as of `revision`, so reads at `revision` and
   * later still work). Compacting to an older revision than already compacted does nothing; to a future
   * one: FutureRevisionError. May compact less than asked while a watch is still replaying older history.
   */
  compact(revision: number): Promise<void>;

  /** Flushes pending writes, stops timers and closes files; later calls fail with StorageError. Idempotent. */
  close(): Promise<void>;
}

export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class KeyExistsError extends StorageError {
  constructor(readonly key: string) {
    super(`key exists: ${key}`);
  }
}

export class NotFoundError extends StorageError {
  constructor(readonly key: string) {
    super(`key not found: ${key}`);
  }
}

export class ConflictError extends StorageError {
  constructor(
    readonly key: string,
    readonly current: KeyValue,
  ) {
    super(`revision conflict on ${key}: now at ${current.modRevision}`);
  }
}

export class CompactedError extends StorageError {
  constructor(
    readonly requested: number,
    readonly compacted: number,
  ) {
    super(`revision ${requested} has been compacted (compacted up to ${compacted})`);
  }
}

/** A revision in the future of the store. */
export class FutureRevisionError extends StorageError {
  constructor(
    readonly requested: number,
    readonly current: number,
  ) {
    super(`revision ${requested} is newer than the current revision ${current}`);
  }
}
