import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FutureRevisionError, type KeyValue } from '../interface';
import { settle, watch, type ConformanceTarget, type Recorder } from './harness';
import { using } from './kv-cases';

export function watchCases(target: ConformanceTarget): void {
  describe('watch', () => {
    test('replays history after the revision, then live events, with prevKv', () =>
      using(target, async ({ backend }) => {
        const a1 = await backend.create('/w/a', 'a1'); // 1
        const b1 = await backend.create('/w/b', 'b1'); // 2
        const a2 = await backend.update('/w/a', 'a2', a1.modRevision); // 3
        await backend.create('/x/other', 'o'); // 4
        await backend.delete('/w/b'); // 5
        const rec = watch(backend, '/w/', 1);
        assert.equal(rec.events.length, 0, 'the replay is delivered after watch() returns');
        const c6 = await backend.create('/w/c', 'c1'); // 6
        await backend.create('/x/y', 'y'); // 7
        await backend.update('/w/c', 'c2', c6.modRevision); // 8
        await rec.waitFor(5);
        await settle();
        assert.deepEqual(rec.revisions(), [2, 3, 5, 6, 8]);
        assert.deepEqual(rec.events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED', 'ADDED', 'MODIFIED']);
        const [added, modified, deleted] = rec.events;
        assert.deepEqual(added.kv, b1);
        assert.equal(added.prevKv, undefined);
        assert.deepEqual(modified.kv, a2);
        assert.deepEqual(modified.prevKv, a1);
        assert.deepEqual(deleted.kv, { ...b1, modRevision: 5 }, 'a delete carries the last value at the delete revision');
        assert.deepEqual(deleted.prevKv, b1);
        assert.deepEqual(rec.events[4].prevKv, c6);
        rec.watcher.stop();
      }));

    test('without afterRevision only live events arrive, before the write resolves', () =>
      using(target, async ({ backend }) => {
        await backend.create('/w/old', 'x');
        const rec = watch(backend, '/w/');
        const kv = await backend.create('/w/new', 'y');
        assert.deepEqual(rec.revisions(), [kv.modRevision], 'watchers see a write no later than its caller');
        const zero = watch(backend, '/w/', 0);
        await settle();
        assert.equal(zero.events.length, 0);
      }));

    test('watchers started while writes are in flight see each revision exactly once', () =>
      using(target, async ({ backend }) => {
        const recorders: { after: number; rec: Recorder }[] = [];
        const writers = Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 25; i++) {
            if (i % 5 === w % 5) {
              const after = backend.currentRevision();
              recorders.push({ after, rec: watch(backend, '/race/', after) });
            }
            await backend.create(`/race/${w}/${i}`, `${w}:${i}`);
          }
        });
        await Promise.all(writers);
        const last = backend.currentRevision();
        assert.equal(last, 200);
        for (const { after, rec } of recorders) {
          await rec.waitFor(last - after);
          await settle();
          const expected: number[] = Array.from({ length: last - after }, (_, i) => after + i + 1);
          assert.deepEqual(rec.revisions(), expected, `watch after ${after}`);
          rec.watcher.stop();
        }
      }));

    test('a long replay arrives in order, complete, ahead of writes made during it', () =>
      using(target, async ({ backend }) => {
        await Promise.all(Array.from({ length: 2500 }, (_, i) => backend.create(`/long/${i}`, `${i}`)));
        const rec = watch(backend, '/long/', 10);
        const during = Array.from({ length: 20 }, (_, i) => backend.create(`/long/late/${i}`, 'x'));
        await Promise.all(during);
        await rec.waitFor(2510);
        await settle();
        assert.deepEqual(rec.revisions(), Array.from({ length: 2510 }, (_, i) => i + 11));
      }));

    test('compaction does not cut a replay in progress', () =>
      using(target, async ({ backend }) => {
        const first = await Promise.all(Array.from({ length: 2500 }, (_, i) => backend.create(`/cut/${i}`, `${i}`)));
        await Promise.all(first.map((kv) => backend.update(kv.key, 'again', kv.modRevision)));
        const rec = watch(backend, '/cut/', 1);
        const top = backend.currentRevision();
        await backend.compact(top);
        assert.ok(backend.compactedRevision() < top, 'compaction stopped at the replay');
        await rec.waitFor(top - 1);
        await settle();
        assert.deepEqual(rec.revisions(), Array.from({ length: top - 1 }, (_, i) => i + 2));
        await backend.compact(top);
        assert.equal(backend.compactedRevision(), top, 'once the replay is done, compaction catches up');
      }));

    test('prefix matching is by string prefix', () =>
      using(target, async ({ backend }) => {
        const slash = watch(backend, '/p/');
        const bare = watch(backend, '/p');
        await backend.create('/p/a', '1');
        await backend.create('/pq', '2');
        await backend.create('/q', '3');
        assert.deepEqual(slash.events.map((e) => e.kv.key), ['/p/a']);
        assert.deepEqual(bare.events.map((e) => e.kv.key), ['/p/a', '/pq']);
      }));

    test('stop ends delivery and is idempotent; a throwing listener harms no one', () =>
      using(target, async ({ backend }) => {
        const stopped = watch(backend, '/s/');
        const good = watch(backend, '/s/');
        backend.watch('/s/', {}, () => {
          throw new Error('listener bug');
        });
        await backend.create('/s/1', 'x');
        stopped.watcher.stop();
        stopped.watcher.stop();
        const kv: KeyValue = await backend.create('/s/2', 'y');
        assert.equal(stopped.events.length, 1);
        assert.deepEqual(good.revisions(), [1, kv.modRevision]);
        assert.equal(backend.stats().watchers, 2);
      }));

    test('a watcher stopped during its replay receives nothing more', () =>
      using(target, async ({ backend }) => {
        for (let i = 0; i < 5; i++) await backend.create(`/r/${i}`, 'x');
        const seen: number[] = [];
        const watcher = backend.watch('/r/', { afterRevision: 1 }, (e) => {
          seen.push(e.revision);
          if (seen.length === 2) watcher.stop();
        });
        await settle();
        await backend.create('/r/9', 'x');
        assert.deepEqual(seen, [2, 3]);
      }));

    test('a revision newer than the store is refused', () =>
      using(target, async ({ backend }) => {
        await backend.create('/f', 'x');
        assert.throws(() => backend.watch('/', { afterRevision: 2 }, () => {}), FutureRevisionError);
        const current = watch(backend, '/', 1);
        await settle();
        assert.equal(current.events.length, 0, 'afterRevision = current replays nothing');
      }));
  });
}
