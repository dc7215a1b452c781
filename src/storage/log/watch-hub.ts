import type { Logger } from '../../util/logger';
import type { WatchEvent, Watcher, WatchListener } from '../interface';

/** One watcher as the hub sees it. */
export interface HubSubscription {
  readonly watcher: Watcher;
  stopped(): boolean;
  /** Delivers replayed history straight to the listener, ahead of any buffered live events. */
  replay(events: readonly WatchEvent[]): void;
  /** Delivers the live events buffered during the replay, then switches to live delivery. */
  release(): void;
}

interface Subscription {
  listener: WatchListener;
  /** Live events held back while history is replayed; null when delivering live. */
  buffer: WatchEvent[] | null;
  stopped: boolean;
}

export interface WatchHubOptions {
  logger: Logger;
}

/**
 * In-memory fan-out of committed events to watchers, grouped by prefix so each event is matched against
 * each distinct prefix once, however many watchers share it. Events arrive here at commit time.
 */
export class WatchHub {
  private readonly byPrefix = new Map<string, Set<Subscription>>();
  private readonly logger: Logger;

  constructor(options: WatchHubOptions) {
    this.logger = options.logger;
  }

  /** Registers a listener; with `buffered`, live events wait until `release()` (after a replay). */
  subscribe(prefix: string, listener: WatchListener, buffered: boolean): HubSubscription {
    const sub: Subscription = { listener, buffer: buffered ? [] : null, stopped: false };
    let set = this.byPrefix.get(prefix);
    if (!set) this.byPrefix.set(prefix, (set = new Set()));
    set.add(sub);
    return {
      watcher: { stop: () => this.unsubscribe(prefix, sub) },
      stopped: () => sub.stopped,
      replay: (events) => {
        for (let i = 0; i < events.length && !sub.stopped; i++) this.call(sub, events[i]);
      },
      release: () => this.release(sub),
    };
  }

  /** Delivers events (in revision order) to every watcher whose prefix matches. */
  publish(events: readonly WatchEvent[]): void {
    if (this.byPrefix.size === 0) return;
    for (const event of events) {
      for (const [prefix, subs] of this.byPrefix) {
        if (!event.kv.key.startsWith(prefix)) continue;
        for (const sub of subs) {
          if (sub.buffer) sub.buffer.push(event);
          else if (!sub.stopped) this.call(sub, event);
        }
      }
    }
  }

  /** Number of active watchers. */
  size(): number {
    let n = 0;
    for (const subs of this.byPrefix.values()) n += subs.size;
    return n;
  }

  /** Stops every watcher (on close). */
  stopAll(): void {
    for (const subs of this.byPrefix.values()) for (const sub of subs) sub.stopped = true;
    this.byPrefix.clear();
  }

  private release(sub: Subscription): void {
    const buffer = sub.buffer;
    if (!buffer) return;
    // Events published while draining land in the same array, so the loop delivers them in order.
    for (let i = 0; i < buffer.length && !sub.stopped; i++) this.call(sub, buffer[i]);
    sub.buffer = null;
  }

  private call(sub: Subscription, event: WatchEvent): void {
    try {
      sub.listener(event);
    } catch (err) {
      // The contract forbids throwing; one faulty listener must not break a commit or other watchers.
      this.logger.error('watch listener threw', { key: event.kv.key, revision: event.revision, error: err });
    }
  }

  private unsubscribe(prefix: string, sub: Subscription): void {
    if (sub.stopped) return;
    sub.stopped = true;
    sub.buffer = null;
    const set = this.byPrefix.get(prefix);
    if (!set) return;
    set.delete(sub);
    if (set.size === 0) this.byPrefix.delete(prefix);
  }
}
