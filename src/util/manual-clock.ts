/**
 * A clock that moves only when told (upstream k8s.io/utils/clock/testing FakeClock): tests hand it to
 * the controllers and advance it, so a CronJob fires or a node's lease expires without waiting real
 * minutes. Timers due by the new time run in time order, each seeing now() at its due time.
 */
import type { Clock } from './clock';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
  /** Set for intervals: the period to re-arm with. */
  every?: number;
}

export class ManualClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start: number | Date = Date.now()) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    return this.arm({ id: this.nextId++, due: this.current + Math.max(0, ms), fn });
  }

  setInterval(fn: () => void, ms: number): { cancel(): void } {
    const every = Math.max(1, ms);
    return this.arm({ id: this.nextId++, due: this.current + every, fn, every });
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    this.set(this.current + ms);
  }

  /** Moves time to `time` (never backwards), running every timer that falls due on the way. */
  set(time: number | Date): void {
    const target = typeof time === 'number' ? time : time.getTime();
    for (;;) {
      const next = this.timers.reduce<Timer | undefined>((a, t) => (t.due <= target && (!a || t.due < a.due || (t.due === a.due && t.id < a.id)) ? t : a), undefined);
      if (!next) break;
      this.current = Math.max(this.current, next.due);
      if (next.every) next.due += next.every;
      else this.timers = this.timers.filter((t) => t !== next);
      next.fn();
    }
    this.current = Math.max(this.current, target);
  }

  /** How many timers are armed (for tests that check nothing is left behind). */
  pending(): number {
    return this.timers.length;
  }

  private arm(t: Timer): { cancel(): void } {
    this.timers.push(t);
    return { cancel: () => (this.timers = this.timers.filter((x) => x !== t)) };
  }
}
