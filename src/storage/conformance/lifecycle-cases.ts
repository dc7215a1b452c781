import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
  StorageError,
  type Backend,
} from '../interface';
import { asMap, FakeClock, settle, watch, type ConformanceTarget } from './harness';
import { using } from './kv-cases';

/** A deterministic mix of creates, updates and deletes over a few keys. */
async function churn(backend: Backend, writes: number): Promise<void> {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 1000;
  for (let i = 0; i < writes; i++) {
    const key = `/c/${next() % 12}`;
    const current = await backend.get(key);
    if (!current) await backend.create(key, `v${i}`);
    else if (next() % 4 === 0) await backend.delete(key, current.modRevision);
    else await backend.update(key, `v${i}`, current.modRevision);
  }
}

async function snapshots(backend: Backend, from: number): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  for (let rev = from; rev <= backend.currentRevision(); rev++) out[rev] = asMap((await backend.list('/c/', { revision: rev })).items);
  return out;
}

export function lifecycleCases(target: ConformanceTarget): void {
  describe('compaction', () => {
    test('keeps every revision from the compacted one on and refuses older ones', () =>
      using(target, async ({ backend }) => {
        await churn(backend, 300);
        const before = await snapshots(backend, 1);
        const replay = watch(backend, '/c/', 150);
        await replay.waitFor(backend.currentRevision() - 150);
        await backend.compact(150);
        assert.equal(backend.compactedRevision(), 150);
        assert.ok(backend.stats().compactedRows > 0, 'obsolete rows were removed');
        const after = await snapshots(backend, 150);
        for (let rev = 150; rev <= backend.currentRevision(); rev++) assert.deepEqual(after[rev], before[rev], `revision ${rev}`);
        for (const rev of [1, 149]) {
          await assert.rejects(backend.list('/c/', { revision: rev }), CompactedError);
          assert.throws(() => backend.watch('/c/', { afterRevision: rev }, () => {}), CompactedError);
        }
        const again = watch(backend, '/c/', 150);
        await again.waitFor(replay.events.length);
        assert.deepEqual(again.events, replay.events, 'history after the compacted revision replays unchanged');
        await backend.compact(100);
        assert.equal(backend.compactedRevision(), 150, 'compacting to an older revision changes nothing');
        await assert.rejects(backend.compact(backend.currentRevision() + 1), FutureRevisionError);
      }));

    test('compacting to the current revision keeps live keys and lets deleted ones be created again', () =>
      using(target, async ({ backend }) => {
        await churn(backend, 100);
        const live = asMap((await backend.list('/c/')).items);
        await backend.compact(backend.currentRevision());
        assert.deepEqual(asMap((await backend.list('/c/')).items), live);
        assert.deepEqual(asMap((await backend.list('/c/', { revision: backend.currentRevision() })).items), live);
        for (let k = 0; k < 12; k++) {
          const key = `/c/${k}`;
          if (live[key] === undefined) await backend.create(key, 'new');
          else await assert.rejects(backend.create(key, 'new'), KeyExistsError);
        }
      }));

    test('the timer keeps the last compactKeepRevisions revisions', async () => {
      const clock = new FakeClock();
      const harness = target.open({ clock, compactIntervalMs: 1000, compactKeepRevisions: 10 });
      try {
        const { backend } = harness;
        await churn(backend, 50);
        clock.advance(999);
        await backend.compact(0);
        assert.equal(backend.compactedRevision(), 0);
        clock.advance(1);
        await backend.compact(0); // queues behind the timer's run: returns when it is done
        assert.equal(backend.compactedRevision(), 40);
        await churn(backend, 5);
        clock.advance(1000);
        await backend.compact(0);
        assert.equal(backend.compactedRevision(), 45);
      } finally {
        await harness.cleanup();
      }
    });
  });

  describe('group commit', () => {
    test('writes issued together commit in one transaction', () =>
      using(target, async ({ backend }) => {
        const rec = watch(backend, '/g/');
        const before = backend.stats().transactions;
        const results = await Promise.all(Array.from({ length: 200 }, (_, i) => backend.create(`/g/${i}`, `${i}`)));
        assert.equal(backend.stats().transactions - before, 1);
        assert.ok(backend.stats().largestBatch >= 200);
        assert.deepEqual(results.map((kv) => kv.modRevision), Array.from({ length: 200 }, (_, i) => i + 1));
        assert.deepEqual(rec.revisions(), results.map((kv) => kv.modRevision));
      }));

    test('a failing write in a batch fails only its caller', () =>
      using(target, async ({ backend }) => {
        const x = await backend.create('/g/x', 'x1');
        const before = backend.stats().transactions;
        const calls = [
          backend.create('/g/a', 'a'),
          backend.create('/g/a', 'dup'),
          backend.update('/g/x', 'x2', x.modRevision),
          backend.update('/g/x', 'x3', x.modRevision),
          backend.delete('/g/missing'),
          backend.create('/g/b', 'b'),
        ];
        const outcomes = await Promise.allSettled(calls);
        assert.equal(backend.stats().transactions - before, 1);
        const kinds = outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : (o.reason as Error).constructor));
        assert.deepEqual(kinds, ['ok', KeyExistsError, 'ok', ConflictError, NotFoundError, 'ok']);
        assert.equal((await backend.get('/g/x'))?.value, 'x2');
        assert.equal(backend.currentRevision(), 4, 'revisions stay dense: failures take none');
      }));
  });

  describe('close and reopen', () => {
    test('close flushes pending writes, then refuses work', async () => {
      const harness = target.open();
      try {
        const { backend } = harness;
        const pending = Array.from({ length: 50 }, (_, i) => backend.create(`/z/${i}`, `${i}`));
        await backend.close();
        const done = await Promise.all(pending);
        assert.equal(done.length, 50);
        assert.equal(backend.currentRevision(), 50);
        await assert.rejects(backend.create('/z/late', 'x'), StorageError);
        await assert.rejects(backend.get('/z/1'), StorageError);
        if (harness.reopen) {
          const reopened = await harness.reopen();
          assert.equal(await reopened.count('/z/'), 50);
        }
      } finally {
        await harness.cleanup();
      }
    });

    test('revisions, history and the compacted revision survive a restart', { skip: !target.durable && 'nothing survives a restart' }, async () => {
      const harness = target.open();
      try {
        const reopen = harness.reopen as NonNullable<typeof harness.reopen>;
        let backend = harness.backend;
        await churn(backend, 60);
        for (const kv of (await backend.list('/c/')).items) await backend.delete(kv.key);
        const top = backend.currentRevision();
        await backend.compact(top - 5);
        const history = await snapshots(backend, top - 5);
        backend = await reopen();
        assert.equal(backend.currentRevision(), top);
        assert.equal(backend.compactedRevision(), top - 5);
        assert.deepEqual(await snapshots(backend, top - 5), history);
        await backend.compact(top);
        backend = await reopen();
        assert.equal(backend.currentRevision(), top, 'compaction removed the newest rows; their ids stay used');
        const kv = await backend.create('/c/0', 'after restart');
        assert.equal(kv.modRevision, top + 1);
        const rec = watch(backend, '/c/', top);
        await rec.waitFor(1);
        await settle();
        assert.deepEqual(rec.revisions(), [top + 1]);
      } finally {
        await harness.cleanup();
      }
    });
  });
}
