/** LogBackend over a store whose commits become durable only on `sync`, which the test releases. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryLogStore } from '../memory/log-store';
import { LogBackend } from './backend';

class SlowDisk extends MemoryLogStore {
  syncs: (() => void)[] = [];
  sync(): Promise<void> {
    return new Promise((resolve) => this.syncs.push(resolve));
  }
}

const turn = () => new Promise((r) => setImmediate(r));

test('a write is answered, watched and readable only once its batch is durable; the next batch commits during that fsync', async () => {
  const store = new SlowDisk();
  const backend = new LogBackend({ store, compactIntervalMs: 0 });
  const events: string[] = [];
  backend.watch('/k/', {}, (e) => events.push(`${e.type} ${e.kv.key}`));
  let answered = false;
  const a = backend.create('/k/a', '1').then(() => (answered = true));
  await turn();
  assert.equal(store.syncs.length, 1, 'the batch is committed and syncing');
  const read = backend.get('/k/a');
  const b = backend.create('/k/b', '2');
  await turn();
  assert.equal(answered, false);
  assert.deepEqual(events, []);
  assert.equal(backend.currentRevision(), 0, 'the revision moves when the batch is durable');
  assert.equal(backend.stats().transactions, 2, '/k/b committed while /k/a was syncing');
  assert.equal(store.syncs.length, 1, "/k/b's fsync waits for the one in flight, which may not cover it");
  store.syncs.shift()!();
  await a;
  assert.equal((await read)?.value, '1', 'a read waits only for the batches committed before it');
  assert.deepEqual(events, ['ADDED /k/a']);
  await turn();
  assert.equal(store.syncs.length, 1, "/k/b's fsync started when /k/a's ended");
  let readB: string | undefined;
  const reading = backend.get('/k/b').then((kv) => (readB = kv?.value));
  await turn();
  assert.equal(readB, undefined, '/k/b is not read before it is durable');
  assert.deepEqual(events, ['ADDED /k/a']);
  store.syncs.shift()!();
  assert.equal((await b).value, '2');
  await reading;
  assert.equal(readB, '2');
  assert.deepEqual(events, ['ADDED /k/a', 'ADDED /k/b']);
  assert.equal(backend.currentRevision(), 2);
  await backend.close();
});

test('a list answers at a revision whose writes are all durable and published', async () => {
  const store = new SlowDisk();
  const backend = new LogBackend({ store, compactIntervalMs: 0 });
  const a = backend.create('/k/a', '1');
  await turn();
  const listing = backend.list('/k/');
  store.syncs.shift()!();
  await a;
  const list = await listing;
  assert.equal(list.revision, 1);
  assert.deepEqual(list.items.map((kv) => kv.key), ['/k/a']);
  assert.equal(backend.currentRevision(), 1, 'a watch from the list revision misses and doubles nothing');
  await backend.close();
});

test('close waits for the batch being synced and commits what is queued', async () => {
  const store = new SlowDisk();
  const backend = new LogBackend({ store, compactIntervalMs: 0 });
  const first = backend.create('/k/1', 'x');
  await turn();
  const second = backend.create('/k/2', 'y');
  const closed = backend.close();
  const release = setInterval(() => store.syncs.shift()?.(), 1);
  await Promise.all([first, second, closed]);
  clearInterval(release);
  assert.equal(backend.stats().writes, 2);
});

test('a failed sync fails its writers with a StorageError', async () => {
  const store = new MemoryLogStore() as MemoryLogStore & { sync(): Promise<void> };
  store.sync = () => Promise.reject(new Error('EIO'));
  const backend = new LogBackend({ store, compactIntervalMs: 0 });
  await assert.rejects(backend.create('/k/x', 'v'), /write not confirmed durable: fsync failed/);
  await backend.close();
});
