import type { Logger } from '../../util/logger';
import type { WatchEvent, Watcher, WatchListener } from '../interface';

interface Subscription {
  listener: WatchListener;
  /** Events waiting to be delivered after the replay; null once the replay has drained (live delivery). */
  queue: WatchEvent[] | null;
  stopped: boolean;
}

export interface WatchHubOptions {
  logger: Logger;
}

/**
 * In-memory fan-out of committed events to watchers, grouped by prefix so one event is matched against
 * each distinct prefix once, however many watchers share it. Events arrive here at commit time.
 */
export class WatchHub {
  private readonly byPrefix = new Map<string, Set<Subscription>>();
  private readonly logger: Logger;

  constructor(options: WatchHubOptions) {
    this.logger = options.logger;
  }

  /**
   * Registers a watcher that first receives `replay` (history read in the same synchronous step, so
   * nothing committed in between is lost or doubled), then live events. Delivery of the replay starts in
   * a microtask, after `subscribe` has returned; live events that commit meanwhile queue behind it.
   */
  subscribe(prefix: string, replay: WatchEvent[], listener: WatchListener): Watcher {
    const sub: Subscription = { listener, queue: replay.length > 0 ? replay : null, stopped: false };
    let set = this.byPrefix.get(prefix);
    if (!set) this.byPrefix.set(prefix, (set = new Set()));
    set.add(sub);
    if (sub.queue) queueMicrotask(() => this.drain(sub));
    return { stop: () => this.unsubscribe(prefix, sub) };
  }

  /** Delivers events (in revision order) to every watcher whose prefix matches. */
  publish(events: readonly WatchEvent[]): void {
    if (this.byPrefix.size === 0) return;
    for (const event of events) {
      for (const [prefix, subs] of this.byPrefix) {
        if (!event.kv.key.startsWith(prefix)) continue;
        for (const sub of subs) this.deliver(sub, event);
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

  private deliver(sub: Subscription, event: WatchEvent): void {
    if (sub.stopped) return;
    if (sub.queue) sub.queue.push(event);
    else this.call(sub, event);
  }

  private drain(sub: Subscription): void {
    const queue = sub.queue as WatchEvent[];
    // Events published while draining are pushed onto the same array, so the loop picks them up in order.
    for (let i = 0; i < queue.length && !sub.stopped; i++) this.call(sub, queue[i]);
    sub.queue = null;
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
    const set = this.byPrefix.get(prefix);
    if (!set) return;
    set.delete(sub);
    if (set.size === 0) this.byPrefix.delete(prefix);
  }
}
