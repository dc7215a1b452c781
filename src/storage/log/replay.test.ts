/** A replay that fails mid-way stops its watcher and says so through onError. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../util/logger';
import { MemoryLogStore } from '../memory/log-store';
import type { KeyRange } from './keys';
import type { LogRow } from './store';
import { LogBackend } from './backend';

class FailingAfterFirstPage extends MemoryLogStore {
  calls = 0;
  override since(range: KeyRange, after: number, upTo: number, limit: number): LogRow[] {
    if (++this.calls > 1) throw new Error('disk on fire');
    return super.since(range, after, upTo, limit);
  }
}

test('a replay failure reaches onError and nothing more is delivered', async () => {
  const store = new FailingAfterFirstPage();
  const backend = new LogBackend({ store, logger: silentLogger, compactIntervalMs: 0, replayPageSize: 1 });
  const first = await backend.create('/k/a', '1');
  await backend.create('/k/b', '2');
  await backend.create('/k/c', '3');
  store.calls = 0;
  const seen: string[] = [];
  const error = await new Promise<Error>((resolve) => {
    backend.watch('/k/', { afterRevision: first.modRevision, onError: resolve }, (e) => seen.push(e.kv.key));
  });
  assert.match(error.message, /disk on fire/);
  assert.deepEqual(seen, ['/k/b'], 'the first page was delivered, then the watch stopped');
  await backend.create('/k/d', '4');
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(seen, ['/k/b'], 'a stopped watcher gets no live events');
  await backend.close();
});
