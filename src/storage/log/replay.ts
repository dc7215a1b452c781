import type { Logger } from '../../util/logger';
import type { Watcher, WatchListener } from '../interface';
import { toEvent } from './apply';
import type { KeyRange } from './keys';
import type { LogStore } from './store';
import type { HubSubscription, WatchHub } from './watch-hub';

export interface ReplayOptions {
  store: LogStore;
  hub: WatchHub;
  logger: Logger;
  prefix: string;
  range: KeyRange;
  listener: WatchListener;
  /** Replay revisions in (after, target]; later ones arrive live. */
  after: number;
  target: number;
  pageSize: number;
  /** Replays in progress; compaction stays at or below the lowest cursor among them. */
  active: Set<Replay>;
  /** Told when the replay fails and the watcher stops. */
  onError?: (error: Error) => void;
}

/**
 * A watch that starts in the past. Subscribing (live events are buffered from then on) and fixing the
 * target revision happen in one synchronous step with reading the first page, so nothing is missed or
 * doubled; later pages are read one per event-loop turn, so a long history never blocks the loop.
 */
export class Replay {
  /** Every revision at or below this one has been read. */
  cursor: number;
  readonly watcher: Watcher;
  private readonly options: ReplayOptions;
  private readonly sub: HubSubscription;

  constructor(options: ReplayOptions) {
    this.options = options;
    this.cursor = options.after;
    this.sub = options.hub.subscribe(options.prefix, options.listener, true);
    this.watcher = this.sub.watcher;
    let first;
    try {
      first = this.readPage(); // read errors surface from watch() itself
    } catch (err) {
      this.watcher.stop();
      throw err;
    }
    options.active.add(this);
    // Deliver after watch() returned, so the caller holds its Watcher before the first event.
    queueMicrotask(() => this.deliver(first));
  }

  private readPage() {
    const { store, range, target, pageSize } = this.options;
    const rows = store.since(range, this.cursor, target, pageSize);
    this.cursor = rows.length < pageSize ? target : rows[rows.length - 1].revision;
    return rows.map(toEvent);
  }

  private deliver(events: ReturnType<Replay['readPage']>): void {
    if (this.sub.stopped()) return this.finish();
    this.sub.replay(events);
    if (this.cursor >= this.options.target) {
      this.finish();
      this.sub.release();
      return;
    }
    setImmediate(() => this.next());
  }

  private next(): void {
    if (this.sub.stopped()) return this.finish();
    let events;
    try {
      events = this.readPage();
    } catch (err) {
      // Stop the watcher, as a broken stream would be, and say so to whoever asked for errors.
      this.options.logger.error('watch replay failed; watcher stopped', { prefix: this.options.prefix, error: err });
      this.watcher.stop();
      this.finish();
      this.options.onError?.(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.deliver(events);
  }

  private finish(): void {
    this.options.active.delete(this);
  }
}
