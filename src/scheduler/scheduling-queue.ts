/**
 * The scheduling queue (upstream PrioritySort + activeQ): pods come out highest spec.priority first,
 * then in the order they were first queued. A key is queued at most once; re-adding a queued key keeps
 * its place. `addAfter` re-queues later (unschedulable back-off). One consumer pops at a time.
 */
import { type Clock, realClock } from '../util/clock';

interface Entry {
  key: string;
  priority: number;
  seq: number;
}

export class SchedulingQueue {
  private readonly heap: Entry[] = [];
  private readonly queued = new Set<string>();
  private readonly timers = new Map<string, { cancel(): void }>();
  private seq = 0;
  private waiter: (() => void) | undefined;
  private closed = false;

  constructor(private readonly clock: Clock = realClock) {}

  get length(): number {
    return this.heap.length;
  }

  add(key: string, priority: number): void {
    if (this.closed || this.queued.has(key)) return;
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
    this.queued.add(key);
    this.heap.push({ key, priority, seq: this.seq++ });
    this.up(this.heap.length - 1);
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  addAfter(key: string, priority: number, ms: number): void {
    if (this.closed || this.queued.has(key) || this.timers.has(key)) return;
    this.timers.set(key, this.clock.setTimeout(() => (this.timers.delete(key), this.add(key, priority)), ms));
  }

  /** The next key, waiting for one; undefined once shut down. */
  async pop(): Promise<string | undefined> {
    while (!this.heap.length && !this.closed) await new Promise<void>((resolve) => (this.waiter = resolve));
    if (this.closed) return undefined;
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    if (this.heap.length) {
      this.heap[0] = last;
      this.down(0);
    }
    this.queued.delete(top.key);
    return top.key;
  }

  shutdown(): void {
    this.closed = true;
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.waiter?.();
  }

  private before(a: Entry, b: Entry): boolean {
    return a.priority !== b.priority ? a.priority > b.priority : a.seq < b.seq;
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i]!, h[parent]!)) return;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.before(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
