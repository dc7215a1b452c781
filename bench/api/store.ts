/**
 * The ceiling: the SQLite storage backend skiff's API server uses, called in this process with the same
 * keys, value sizes and concurrency, without HTTP, TLS, JSON decoding, admission or the registry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBackend, type Backend, type SqliteBackend } from '../../src/storage';
import type { Driver } from './measure';
import { LIST_NAMESPACE, NAMESPACE } from './skiff';

export const key = (namespace: string, name: string) => `/registry/configmaps/${namespace}/${name}`;

export class StoreDriver implements Driver {
  readonly name = 'store';
  readonly pid = undefined;
  private readonly revisions = new Map<string, number>();
  private lastStats = { transactions: 0, writes: 0 };

  private constructor(
    private readonly backend: Backend,
    private readonly dataDir: string,
    private readonly value: (name: string) => string,
  ) {}

  static open(value: (name: string) => string): StoreDriver {
    const dataDir = mkdtempSync(join(tmpdir(), 'skiff-bench-store-'));
    return new StoreDriver(openBackend(`sqlite://${join(dataDir, 'state.db')}`, { dataDir }), dataDir, value);
  }

  async open(): Promise<void> {}
  async close(): Promise<void> {}

  async create(_worker: number, name: string): Promise<void> {
    const kv = await this.backend.create(key(NAMESPACE, name), this.value(name));
    this.revisions.set(name, kv.modRevision);
  }

  async get(_worker: number, name: string): Promise<void> {
    if (!(await this.backend.get(key(NAMESPACE, name)))) throw new Error(`get ${name}: not found`);
  }

  async list(): Promise<void> {
    const result = await this.backend.list(key(LIST_NAMESPACE, ''), { limit: 100 });
    if (result.items.length === 0) throw new Error('list: empty');
  }

  async update(_worker: number, name: string): Promise<void> {
    const kv = await this.backend.update(key(NAMESPACE, name), this.value(name), this.revisions.get(name)!);
    this.revisions.set(name, kv.modRevision);
  }

  async delete(_worker: number, name: string): Promise<void> {
    await this.backend.delete(key(NAMESPACE, name));
    this.revisions.delete(name);
  }

  async fillList(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.backend.create(key(LIST_NAMESPACE, `item-${i}`), this.value(`item-${i}`));
  }

  /** Writes per group-committed transaction in the last cell: how much the batching helped. */
  cellNote(): string {
    const stats = (this.backend as Partial<SqliteBackend>).stats?.();
    if (!stats) return '';
    const transactions = stats.transactions - this.lastStats.transactions;
    const writes = stats.writes - this.lastStats.writes;
    this.lastStats = { transactions: stats.transactions, writes: stats.writes };
    return transactions ? `${(writes / transactions).toFixed(1)} writes/transaction` : 'no writes';
  }

  async dispose(): Promise<void> {
    try {
      await this.backend.close();
    } finally {
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}
