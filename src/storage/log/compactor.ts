import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { StorageError } from '../interface';
import type { LogStore } from './store';

export interface CompactorOptions {
  store: LogStore;
  logger: Logger;
  clock: Clock;
  /** The newest committed revision (the timer keeps `keepRevisions` below it). */
  currentRevision: () => number;
  /** How often the timer compacts; 0: never (only explicit `compact`). */
  intervalMs: number;
  keepRevisions: number;
  /** Revisions swept per transaction: small, so no single step holds the event loop for long. */
  batchRevisions: number;
  /** The highest revision compaction may reach now (watch replays still reading history hold it down). */
  floor: () => number;
}

/**
 * Drops history the way kine does: first record the compacted revision (reads and watches below it fail
 * from then on), then remove obsolete rows in small transactions, yielding to the event loop between
 * them. Sweep progress is persisted, so a restart resumes an interrupted sweep on the next run.
 */
export class Compactor {
  private readonly options: CompactorOptions;
  private chain: Promise<void> = Promise.resolve();
  private timer?: { cancel(): void };
  private stopping = false;
  private removed = 0;
  private runs = 0;

  constructor(options: CompactorOptions) {
    this.options = options;
  }

  /** Starts the timer (if an interval is set). */
  start(): void {
    if (this.options.intervalMs <= 0 || this.timer) return;
    this.timer = this.options.clock.setInterval(() => this.tick(), this.options.intervalMs);
  }

  /** Compacts up to `revision` once earlier compactions finish. Callers check the revision first. */
  compact(revision: number): Promise<void> {
    const run = this.chain.catch(() => undefined).then(() => this.run(revision));
    this.chain = run;
    return run;
  }

  stats(): { runs: number; rowsRemoved: number } {
    return { runs: this.runs, rowsRemoved: this.removed };
  }

  /** Cancels the timer and waits for a running compaction to stop at its next batch boundary. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.chain.catch(() => undefined);
  }

  private tick(): void {
    const { store, keepRevisions, logger } = this.options;
    const target = this.options.currentRevision() - keepRevisions;
    if (target <= store.compactedRevision() && store.sweptRevision() >= store.compactedRevision()) return;
    this.compact(Math.max(target, store.compactedRevision())).catch((err) =>
      logger.error('compaction failed', { error: err }),
    );
  }

  private async run(revision: number): Promise<void> {
    const { store, logger, batchRevisions } = this.options;
    if (this.stopping) return;
    const started = this.options.clock.now();
    let removed = 0;
    try {
      // A replay in progress reads rows above its cursor: compact no further than that (the next run catches up).
      revision = Math.min(revision, this.options.floor());
      if (revision > store.compactedRevision()) store.setCompactedRevision(revision);
      const target = store.compactedRevision();
      let from = store.sweptRevision();
      while (from < target && !this.stopping) {
        const to = Math.min(target, from + batchRevisions);
        removed += store.sweep(from, to);
        from = to;
        if (from < target) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      throw err instanceof StorageError ? err : new StorageError('compaction failed', { cause: err });
    }
    this.runs++;
    this.removed += removed;
    logger.debug('compacted', { revision, removed, ms: this.options.clock.now() - started });
  }
}
