import { compareKeys, inRange, type KeyRange } from '../log/keys';
import type { AppendInput, LogRow, LogStore } from '../log/store';

/** Index of the first element of sorted `keys` not ordered before `key` (inclusive) or after it. */
function lowerBound(keys: string[], key: string, inclusive: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareKeys(keys[mid], key);
    if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The log kept in maps, with the same rows and the same rules as the SQLite store (including the
 * (key, prevRevision) guard and sweeping), so both backends behave alike. Nothing is durable.
 */
export class MemoryLogStore implements LogStore {
  /** Rows by revision; a Map iterates in insertion order, which is revision order. */
  private readonly rows = new Map<number, LogRow>();
  /** Each key's revisions still in the log, oldest first. */
  private readonly chains = new Map<string, number[]>();
  private readonly live = new Map<string, LogRow>();
  /** Live keys in key order. */
  private readonly liveKeys: string[] = [];
  private last = 0;
  private compacted = 0;
  private swept = 0;
  /** Undo actions of the open transaction; undefined outside one. */
  private undo?: (() => void)[];

  lastRevision(): number {
    return this.last;
  }
  compactedRevision(): number {
    return this.compacted;
  }
  sweptRevision(): number {
    return this.swept;
  }

  current(key: string): LogRow | undefined {
    return this.live.get(key);
  }

  latest(key: string): LogRow | undefined {
    const chain = this.chains.get(key);
    return chain && this.rows.get(chain[chain.length - 1]);
  }

  listCurrent(range: KeyRange, limit: number): LogRow[] {
    const out: LogRow[] = [];
    for (let i = lowerBound(this.liveKeys, range.lower, range.lowerInclusive); i < this.liveKeys.length; i++) {
      if (!inRange(this.liveKeys[i], range) || (limit > 0 && out.length >= limit)) break;
      out.push(this.live.get(this.liveKeys[i]) as LogRow);
    }
    return out;
  }

  countCurrent(range: KeyRange): number {
    return this.listCurrent(range, 0).length;
  }

  listAt(range: KeyRange, revision: number, limit: number): LogRow[] {
    const keys = [...this.chains.keys()].filter((k) => inRange(k, range)).sort(compareKeys);
    const out: LogRow[] = [];
    for (const key of keys) {
      if (limit > 0 && out.length >= limit) break;
      const at = (this.chains.get(key) as number[]).filter((r) => r <= revision).pop();
      const row = at === undefined ? undefined : this.rows.get(at);
      if (row && !row.deleted) out.push(row);
    }
    return out;
  }

  countAt(range: KeyRange, revision: number): number {
    return this.listAt(range, revision, 0).length;
  }

  since(range: KeyRange, after: number, upTo: number, limit: number): LogRow[] {
    const out: LogRow[] = [];
    for (const row of this.rows.values()) {
      if (row.revision > upTo || out.length >= limit) break;
      if (row.revision > after && inRange(row.key, range)) out.push(row);
    }
    return out;
  }

  transaction<T>(fn: () => T): T {
    this.undo = [];
    try {
      return fn();
    } catch (err) {
      for (const action of this.undo.reverse()) action();
      throw err;
    } finally {
      this.undo = undefined;
    }
  }

  append(input: AppendInput): LogRow | undefined {
    if (!this.undo) throw new Error('append outside a transaction');
    const chain = this.chains.get(input.key) ?? [];
    if (chain.some((r) => this.rows.get(r)?.prevRevision === input.prevRevision)) return undefined;
    const revision = this.last + 1;
    const row: LogRow = {
      revision,
      key: input.key,
      createRevision: input.createRevision ?? revision,
      prevRevision: input.prevRevision,
      deleted: input.deleted,
      value: input.value,
      prevValue: input.prevValue,
    };
    const last = this.last;
    const wasLive = this.live.get(input.key);
    this.last = revision;
    this.rows.set(revision, row);
    this.chains.set(input.key, [...chain, revision]);
    this.setLive(input.key, row.deleted ? undefined : row);
    this.undo.push(() => {
      this.last = last;
      this.rows.delete(revision);
      if (chain.length > 0) this.chains.set(input.key, chain);
      else this.chains.delete(input.key);
      this.setLive(input.key, wasLive);
    });
    return row;
  }

  setCompactedRevision(revision: number): void {
    this.compacted = revision;
  }

  sweep(from: number, to: number): number {
    let removed = 0;
    const drop = (revision: number) => {
      const row = this.rows.get(revision);
      if (!row) return;
      this.rows.delete(revision);
      const chain = (this.chains.get(row.key) as number[]).filter((r) => r !== revision);
      if (chain.length > 0) this.chains.set(row.key, chain);
      else this.chains.delete(row.key);
      removed++;
    };
    for (let r = from + 1; r <= to; r++) {
      const row = this.rows.get(r);
      if (!row) continue;
      if (row.prevRevision > 0) drop(row.prevRevision);
      if (row.deleted) drop(r);
    }
    this.swept = to;
    return removed;
  }

  close(): void {}

  private setLive(key: string, row: LogRow | undefined): void {
    const had = this.live.has(key);
    if (row) this.live.set(key, row);
    else this.live.delete(key);
    if (had === (row !== undefined)) return;
    const i = lowerBound(this.liveKeys, key, true);
    if (row) this.liveKeys.splice(i, 0, key);
    else this.liveKeys.splice(i, 1);
  }
}
