/**
 * One pending timer per key on an injectable clock, keeping the earliest (as upstream's delaying queue
 * does for AddAfter): controllers use it to re-sync a key when time-based work falls due (a CronJob's
 * next run, a Job's back-off or deadline, a TTL), so a ManualClock's advance() triggers the re-sync.
 */
import type { Clock } from './clock';

export class KeyTimers {
  private readonly timers = new Map<string, { due: number; cancel(): void }>();

  constructor(private readonly clock: Clock) {}

  /** Calls `fire(key)` after `ms` on the clock, unless a timer for `key` is already due sooner. */
  after(key: string, ms: number, fire: (key: string) => void): void {
    const due = this.clock.now() + Math.max(0, ms);
    const existing = this.timers.get(key);
    if (existing && existing.due <= due) return;
    existing?.cancel();
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(key);
      fire(key);
    }, Math.max(0, ms));
    this.timers.set(key, { due, cancel: () => timer.cancel() });
  }

  cancel(key: string): void {
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
  }

  stop(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }
}
