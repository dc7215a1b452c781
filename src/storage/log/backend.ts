import { realClock, type Clock } from '../../util/clock';
import { silentLogger, type Logger } from '../../util/logger';
import {
  CompactedError,
  FutureRevisionError,
  StorageError,
  type Backend,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type WatchEvent,
  type Watcher,
  type WatchListener,
  type WatchOptions,
} from '../interface';
import { applyWrite, toKeyValue, type DeleteResult, type Outcome, type WriteOp } from './apply';
import { Compactor } from './compactor';
import { keyRange } from './keys';
import type { LogStore } from './store';
import { Replay } from './replay';
import { WatchHub } from './watch-hub';

export interface LogBackendOptions {
  store: LogStore;
  logger?: Logger;
  clock?: Clock;
  /** How often history is compacted; default 5 minutes; 0: only by explicit `compact`. */
  compactIntervalMs?: number;
  /** Revisions of history the timer keeps; default 1000, as kine. */
  compactKeepRevisions?: number;
  /** Revisions swept per compaction transaction; default 500. */
  compactBatchRevisions?: number;
  /** Most writes committed in one transaction; default 1000 (the rest go in the next one). */
  maxBatch?: number;
  /** Events a watch replay reads per event-loop turn; default 1000. */
  replayPageSize?: number;
}

export interface StorageStats {
  /** Write transactions committed (one per group-committed batch). */
  transactions: number;
  /** Writes that committed a row. */
  writes: number;
  /** Writes that failed their precondition. */
  rejected: number;
  /** The most writes one transaction carried. */
  largestBatch: number;
  compactions: number;
  compactedRows: number;
  watchers: number;
}

/** A batch committed to the store, waiting to be made durable and published. */
interface Committed {
  batch: Pending[];
  outcomes: Outcome[];
  seq: number;
}

interface Pending {
  op: WriteOp;
  resolve: (value: KeyValue | DeleteResult) => void;
  reject: (error: unknown) => void;
}

/**
 * The rules of the store, once for every log store (kine's "logstructured" layer): preconditions,
 * revisions, group commit, watch fan-out and compaction. Writes queue until the event loop turn ends,
 * then commit together in one transaction; each caller is answered after that commit.
 */
export class LogBackend implements Backend {
  private readonly store: LogStore;
  private readonly logger: Logger;
  private readonly hub: WatchHub;
  private readonly compactor: Compactor;
  private readonly maxBatch: number;
  private readonly replayPageSize: number;
  private readonly replays = new Set<Replay>();
  private pending: Pending[] = [];
  private flushScheduled = false;
  /**
   * The fsync in flight, if any. The batches it covers are answered and published when it ends, in
   * commit order. Meanwhile the next batch commits (one, so writes still gather into bigger batches) and
   * waits in `committed` for the fsync after it: commit and fsync overlap instead of taking turns.
   */
  private syncing: Promise<void> | undefined;
  private committed: Committed[] = [];
  /** Batches committed, and of them published (durable, answered, watched); reads wait for the first to reach the second. */
  private commitSeq = 0;
  private publishedSeq = 0;
  private readonly durableWaiters: { seq: number; resolve: () => void }[] = [];
  /** The published revision: everything at or below it is durable and was sent to watchers. */
  private revision: number;
  /** The highest revision committed to the store, durable or not yet. */
  private committedRevision: number;
  private closing = false;
  private closed?: Promise<void>;
  private readonly counters = { transactions: 0, writes: 0, rejected: 0, largestBatch: 0 };

  constructor(options: LogBackendOptions) {
    this.store = options.store;
    this.logger = options.logger ?? silentLogger;
    this.maxBatch = options.maxBatch ?? 1000;
    this.replayPageSize = options.replayPageSize ?? 1000;
    this.revision = this.store.lastRevision();
    this.committedRevision = this.revision;
    this.hub = new WatchHub({ logger: this.logger });
    this.compactor = new Compactor({
      store: this.store,
      logger: this.logger,
      clock: options.clock ?? realClock,
      currentRevision: () => this.revision,
      intervalMs: options.compactIntervalMs ?? 5 * 60_000,
      keepRevisions: options.compactKeepRevisions ?? 1000,
      batchRevisions: options.compactBatchRevisions ?? 500,
      floor: () => Math.min(Infinity, ...[...this.replays].map((r) => r.cursor)),
    });
    this.compactor.start();
  }

  currentRevision(): number {
    return this.revision;
  }

  compactedRevision(): number {
    return this.store.compactedRevision();
  }

  /**
   * Reads see every committed batch at once, durable or not, and answer once those batches are durable:
   * nothing is seen before it is on disk, and a read never waits behind writes that came after it.
   */
  async get(key: string): Promise<KeyValue | undefined> {
    this.checkOpen();
    const row = this.read(() => this.store.current(key));
    await this.durable();
    return row && toKeyValue(row);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const current = this.committedRevision;
    const revision = options.revision || current;
    this.checkRevision(revision, current);
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const historical = revision < current;
    const rows = this.read(() => {
      const range = keyRange(prefix, options.startAfter);
      return historical
        ? this.store.listAt(range, revision, limit && limit + 1)
        : this.store.listCurrent(range, limit && limit + 1);
    });
    const more = limit > 0 && rows.length > limit;
    if (more) rows.length = limit;
    let remaining = 0;
    if (more) {
      const rest = keyRange(prefix, rows[rows.length - 1].key);
      remaining = this.read(() => (historical ? this.store.countAt(rest, revision) : this.store.countCurrent(rest)));
    }
    await this.durable();
    return { items: rows.map(toKeyValue), revision, more, remaining };
  }

  async count(prefix: string): Promise<number> {
    this.checkOpen();
    const n = this.read(() => this.store.countCurrent(keyRange(prefix)));
    await this.durable();
    return n;
  }

  /** Resolves once every batch committed so far is published. */
  private durable(): Promise<void> {
    const seq = this.commitSeq;
    if (this.publishedSeq >= seq) return Promise.resolve();
    return new Promise((resolve) => this.durableWaiters.push({ seq, resolve }));
  }

  create(key: string, value: string): Promise<KeyValue> {
    return this.enqueue({ kind: 'create', key, value }) as Promise<KeyValue>;
  }

  update(key: string, value: string, expectedRevision: number): Promise<KeyValue> {
    return this.enqueue({ kind: 'update', key, value, expectedRevision }) as Promise<KeyValue>;
  }

  delete(key: string, expectedRevision?: number): Promise<DeleteResult> {
    return this.enqueue({ kind: 'delete', key, expectedRevision }) as Promise<DeleteResult>;
  }

  /**
   * Replays history after `afterRevision` (in pages, one per event-loop turn), then live events; the
   * subscription and the end of the replay are fixed in one synchronous step, so no event is missed or
   * doubled. Events are delivered after this returns. `afterRevision` below the compacted revision:
   * CompactedError; above the current revision: FutureRevisionError (thrown, not waited for).
   */
  watch(prefix: string, options: WatchOptions, listener: WatchListener): Watcher {
    this.checkOpen();
    const after = options.afterRevision ?? 0;
    if (after === 0 || after === this.revision) {
      if (after > 0) this.checkRevision(after);
      return this.hub.subscribe(prefix, listener, false).watcher;
    }
    this.checkRevision(after);
    const replay = this.read(
      () =>
        new Replay({
          store: this.store,
          hub: this.hub,
          logger: this.logger,
          prefix,
          range: keyRange(prefix),
          listener,
          after,
          target: this.revision,
          pageSize: this.replayPageSize,
          active: this.replays,
          onError: options.onError,
        }),
    );
    return replay.watcher;
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    if (revision > this.revision) throw new FutureRevisionError(revision, this.revision);
    await this.compactor.compact(revision);
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closing = true;
      this.closed = this.shutdown();
    }
    return this.closed;
  }

  stats(): StorageStats {
    const compaction = this.compactor.stats();
    return {
      ...this.counters,
      compactions: compaction.runs,
      compactedRows: compaction.rowsRemoved,
      watchers: this.hub.size(),
    };
  }

  private async shutdown(): Promise<void> {
    while (this.pending.length > 0 || this.syncing || this.committed.length > 0) {
      if (this.syncing) await this.syncing;
      else this.flush();
    }
    await this.compactor.stop();
    this.hub.stopAll();
    this.store.close();
  }

  private enqueue(op: WriteOp): Promise<KeyValue | DeleteResult> {
    if (this.closing) return Promise.reject(new StorageError('storage is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.pending.length === 0 || this.committed.length > 0) return;
    this.flushScheduled = true;
    // setImmediate runs after the current turn's I/O callbacks: every write they issued joins this batch.
    setImmediate(() => this.flush());
  }

  /** Commits up to maxBatch queued writes in one transaction; once durable, publishes and answers each caller. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.committed.length > 0) {
      // A batch already waits for the next fsync: let writes gather until that fsync starts.
      if (!this.syncing) this.startSync();
      return;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.maxBatch);
    let outcomes: Outcome[];
    try {
      outcomes = this.store.transaction(() => batch.map((p) => applyWrite(this.store, p.op)));
    } catch (err) {
      this.logger.error('write transaction failed', { writes: batch.length, error: err });
      const error = new StorageError('write transaction failed', { cause: err });
      for (const p of batch) p.reject(error);
      this.scheduleFlush();
      return;
    }
    this.counters.transactions++;
    this.counters.largestBatch = Math.max(this.counters.largestBatch, batch.length);
    for (const o of outcomes) if (o.ok) this.committedRevision = o.event.revision;
    const seq = ++this.commitSeq;
    if (!this.store.sync) {
      this.publish({ batch, outcomes, seq });
      this.scheduleFlush();
      return;
    }
    this.committed.push({ batch, outcomes, seq });
    if (!this.syncing) this.startSync();
  }

  /** One fsync for every batch committed before it starts; the batches after it wait for the next. */
  private startSync(): void {
    const group = this.committed.splice(0);
    const sync = this.store.sync!();
    this.syncing = sync.then(
      () => group.forEach((c) => this.publish(c)),
      (err: unknown) => {
        // The rows are committed but may not be on disk: the callers cannot be told they are durable.
        const writes = group.reduce((n, c) => n + c.batch.length, 0);
        this.logger.error('fsync failed; writes may not survive a power loss', { writes, error: err });
        const error = new StorageError('write not confirmed durable: fsync failed', { cause: err });
        for (const c of group) {
          for (const p of c.batch) p.reject(error);
          this.publish({ batch: [], outcomes: c.outcomes, seq: c.seq });
        }
      },
    );
    void this.syncing.finally(() => {
      this.syncing = undefined;
      // A batch committed meanwhile gets its fsync now; queued writes commit during it.
      if (this.committed.length > 0) this.startSync();
      this.scheduleFlush();
    });
    // Writes queued while this batch committed can commit during its fsync.
    this.scheduleFlush();
  }

  /** Makes a committed batch visible: the revision, the watch events, the callers' answers. */
  private publish({ batch, outcomes, seq }: Committed): void {
    const events: WatchEvent[] = [];
    for (const outcome of outcomes) if (outcome.ok) events.push(outcome.event);
    if (events.length > 0) this.revision = events[events.length - 1].revision;
    this.counters.writes += events.length;
    this.counters.rejected += outcomes.length - events.length;
    this.hub.publish(events);
    batch.forEach((p, i) => (outcomes[i].ok ? p.resolve(outcomes[i].value) : p.reject(outcomes[i].error)));
    this.publishedSeq = seq;
    while (this.durableWaiters.length > 0 && this.durableWaiters[0].seq <= seq) this.durableWaiters.shift()!.resolve();
  }

  private checkOpen(): void {
    if (this.closing) throw new StorageError('storage is closed');
  }

  /** Fails reads and watches at revisions the store cannot serve. */
  private checkRevision(revision: number, current = this.revision): void {
    const compacted = this.store.compactedRevision();
    if (revision < compacted) throw new CompactedError(revision, compacted);
    if (revision > current) throw new FutureRevisionError(revision, current);
  }

  private read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw err instanceof StorageError ? err : new StorageError('read failed', { cause: err });
    }
  }
}
