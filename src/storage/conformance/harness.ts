import assert from 'node:assert/strict';
import type { Clock } from '../../util/clock';
import type { Backend, WatchEvent, Watcher } from '../interface';
import type { StorageStats } from '../log/backend';

/** What the suite needs of a backend beyond `Backend`: its counters. */
export type TestBackend = Backend & { stats(): StorageStats };

export interface OpenOptions {
  clock?: Clock;
  compactIntervalMs?: number;
  compactKeepRevisions?: number;
}

export interface Harness {
  backend: TestBackend;
  /** Closes the backend and opens the same store again; absent for backends that keep nothing. */
  reopen?: (options?: OpenOptions) => Promise<TestBackend>;
  /** Closes whatever is open and removes files. */
  cleanup(): Promise<void>;
}

/** One backend implementation under test. */
export interface ConformanceTarget {
  name: string;
  /** Whether the store survives close (then every harness has `reopen`). */
  durable: boolean;
  /** A fresh, empty store. Timed compaction is off unless `compactIntervalMs` is given. */
  open(options?: OpenOptions): Harness;
}

/** A clock that moves only when told to. */
export class FakeClock implements Clock {
  private time = 0;
  private timers: { at: number; every?: number; fn: () => void; cancelled: boolean }[] = [];

  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number) {
    const timer = { at: this.time + ms, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }
  setInterval(fn: () => void, ms: number) {
    const timer = { at: this.time + ms, every: ms, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = due.at;
      if (due.every) due.at += due.every;
      else due.cancelled = true;
      due.fn();
    }
    this.time = end;
  }
}

/** Collects a watcher's events. */
export class Recorder {
  readonly events: WatchEvent[] = [];
  watcher!: Watcher;
  readonly listener = (event: WatchEvent) => void this.events.push(event);

  revisions(): number[] {
    return this.events.map((e) => e.revision);
  }
  /** Waits until at least `n` events arrived. */
  async waitFor(n: number, timeoutMs = 2000): Promise<WatchEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < n) {
      if (Date.now() > deadline) assert.fail(`timed out with ${this.events.length} of ${n} events`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return this.events;
  }
}

export function watch(backend: Backend, prefix: string, afterRevision?: number): Recorder {
  const recorder = new Recorder();
  recorder.watcher = backend.watch(prefix, { afterRevision }, recorder.listener);
  return recorder;
}

/** Lets queued microtasks and immediates run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Builds `{ key: value }` from a list, for compact comparisons. */
export function asMap(items: { key: string; value: string }[]): Record<string, string> {
  return Object.fromEntries(items.map((kv) => [kv.key, kv.value]));
}
