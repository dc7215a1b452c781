import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
  type Backend,
  type ListOptions,
} from '../interface';
import { asMap, type ConformanceTarget, type Harness } from './harness';

export async function using(target: ConformanceTarget, fn: (h: Harness) => Promise<void>): Promise<void> {
  const harness = target.open();
  try {
    await fn(harness);
  } finally {
    await harness.cleanup();
  }
}

async function seed(backend: Backend, keys: string[]): Promise<void> {
  for (const key of keys) await backend.create(key, `v:${key}`);
}

export function kvCases(target: ConformanceTarget): void {
  describe('get, create, update, delete', () => {
    test('create assigns the next revision and get reads it back', () =>
      using(target, async ({ backend }) => {
        assert.equal(backend.currentRevision(), 0);
        assert.equal(await backend.get('/a'), undefined);
        const a = await backend.create('/a', 'one');
        assert.deepEqual(a, { key: '/a', value: 'one', createRevision: 1, modRevision: 1 });
        const b = await backend.create('/b', '');
        assert.equal(b.modRevision, 2);
        assert.equal(backend.currentRevision(), 2);
        assert.deepEqual(await backend.get('/a'), a);
        assert.deepEqual(await backend.get('/b'), b, 'an empty value is a value');
        await assert.rejects(backend.create('/a', 'again'), KeyExistsError);
        assert.equal(backend.currentRevision(), 2, 'a failed write takes no revision');
      }));

    const updates: { name: string; expected: (rev: number) => number; key?: string; error?: Function }[] = [
      { name: 'matching revision succeeds', expected: (rev) => rev },
      { name: 'stale revision conflicts', expected: (rev) => rev - 1, error: ConflictError },
      { name: 'future revision conflicts', expected: (rev) => rev + 5, error: ConflictError },
      { name: 'missing key is not found', expected: (rev) => rev, key: '/missing', error: NotFoundError },
    ];
    for (const c of updates) {
      test(`update: ${c.name}`, () =>
        using(target, async ({ backend }) => {
          await backend.create('/other', 'x');
          const created = await backend.create('/k', 'v1');
          const moved = await backend.update('/k', 'v2', created.modRevision);
          const call = backend.update(c.key ?? '/k', 'v3', c.expected(moved.modRevision));
          if (!c.error) {
            const kv = await call;
            assert.deepEqual(kv, { key: '/k', value: 'v3', createRevision: 2, modRevision: 4 });
            assert.deepEqual(await backend.get('/k'), kv);
            return;
          }
          const err = await call.then(() => assert.fail('expected an error'), (e: unknown) => e);
          assert.ok(err instanceof c.error, `got ${String(err)}`);
          if (err instanceof ConflictError) assert.deepEqual(err.current, moved, 'a conflict carries the current value');
          assert.deepEqual(await backend.get('/k'), moved);
        }));
    }

    const deletes: { name: string; expected?: (rev: number) => number; key?: string; error?: Function }[] = [
      { name: 'without precondition' },
      { name: 'with matching revision', expected: (rev) => rev },
      { name: 'with stale revision', expected: (rev) => rev - 1, error: ConflictError },
      { name: 'of a missing key', key: '/missing', error: NotFoundError },
    ];
    for (const c of deletes) {
      test(`delete ${c.name}`, () =>
        using(target, async ({ backend }) => {
          const created = await backend.create('/k', 'v1');
          const kv = await backend.update('/k', 'v2', created.modRevision);
          const call = backend.delete(c.key ?? '/k', c.expected?.(kv.modRevision));
          if (c.error) {
            await assert.rejects(call, c.error as never);
            assert.deepEqual(await backend.get('/k'), kv);
            return;
          }
          assert.deepEqual(await call, { prev: kv, revision: 3 });
          assert.equal(await backend.get('/k'), undefined);
          await assert.rejects(backend.delete('/k'), NotFoundError);
          await assert.rejects(backend.update('/k', 'x', 3), NotFoundError);
          const again = await backend.create('/k', 'reborn');
          assert.deepEqual(again, { key: '/k', value: 'reborn', createRevision: 4, modRevision: 4 });
        }));
    }
  });

  describe('list and count', () => {
    const keys = ['/r/a', '/r/b', '/r/c', '/r/d', '/r/e', '/ra', '/q/z', '/r'];
    const cases: { name: string; prefix: string; options: ListOptions; items: string[]; more: boolean; remaining: number }[] = [
      { name: 'all under a prefix, in key order', prefix: '/r/', options: {}, items: ['/r/a', '/r/b', '/r/c', '/r/d', '/r/e'], more: false, remaining: 0 },
      { name: 'first page', prefix: '/r/', options: { limit: 2 }, items: ['/r/a', '/r/b'], more: true, remaining: 3 },
      { name: 'middle page', prefix: '/r/', options: { limit: 2, startAfter: '/r/b' }, items: ['/r/c', '/r/d'], more: true, remaining: 1 },
      { name: 'last page', prefix: '/r/', options: { limit: 2, startAfter: '/r/d' }, items: ['/r/e'], more: false, remaining: 0 },
      { name: 'exact last page', prefix: '/r/', options: { limit: 1, startAfter: '/r/d' }, items: ['/r/e'], more: false, remaining: 0 },
      { name: 'startAfter a missing key', prefix: '/r/', options: { startAfter: '/r/bb' }, items: ['/r/c', '/r/d', '/r/e'], more: false, remaining: 0 },
      { name: 'startAfter before the prefix', prefix: '/r/', options: { limit: 1, startAfter: '/a' }, items: ['/r/a'], more: true, remaining: 4 },
      { name: 'startAfter past the prefix', prefix: '/r/', options: { startAfter: '/s' }, items: [], more: false, remaining: 0 },
      { name: 'limit 0 means all', prefix: '/r/', options: { limit: 0 }, items: ['/r/a', '/r/b', '/r/c', '/r/d', '/r/e'], more: false, remaining: 0 },
      { name: 'prefix without slash', prefix: '/r', options: {}, items: ['/r', '/r/a', '/r/b', '/r/c', '/r/d', '/r/e', '/ra'], more: false, remaining: 0 },
      { name: 'empty prefix lists everything', prefix: '', options: { limit: 3 }, items: ['/q/z', '/r', '/r/a'], more: true, remaining: 5 },
      { name: 'no match', prefix: '/nothing/', options: {}, items: [], more: false, remaining: 0 },
    ];
    for (const c of cases) {
      test(c.name, () =>
        using(target, async ({ backend }) => {
          await seed(backend, keys);
          const result = await backend.list(c.prefix, c.options);
          assert.deepEqual(result.items.map((kv) => kv.key), c.items);
          assert.equal(result.more, c.more);
          assert.equal(result.remaining, c.remaining);
          assert.equal(result.revision, keys.length);
          for (const kv of result.items) assert.equal(kv.value, `v:${kv.key}`);
        }));
    }

    test('count counts live keys under a prefix', () =>
      using(target, async ({ backend }) => {
        await seed(backend, keys);
        await backend.delete('/r/c');
        assert.equal(await backend.count('/r/'), 4);
        assert.equal(await backend.count(''), keys.length - 1);
        assert.equal(await backend.count('/none'), 0);
      }));

    test('keys outside ASCII sort by code point', () =>
      using(target, async ({ backend }) => {
        const odd = ['/u/\u{1F600}', '/u/\uFFFD', '/u/é', '/u/z'];
        await seed(backend, odd);
        assert.deepEqual((await backend.list('/u/')).items.map((kv) => kv.key), ['/u/z', '/u/é', '/u/\uFFFD', '/u/\u{1F600}']);
        assert.deepEqual((await backend.list('/u/\uFFFD')).items.map((kv) => kv.key), ['/u/\uFFFD']);
      }));
  });

  describe('list at a revision', () => {
    test('reads each past revision as it was, and pages through it', () =>
      using(target, async ({ backend }) => {
        const history: Record<string, string>[] = [{}];
        const state: Record<string, string> = {};
        const put = async (key: string, value: string) => {
          const current = await backend.get(key);
          if (current) await backend.update(key, value, current.modRevision);
          else await backend.create(key, value);
          state[key] = value;
          history[backend.currentRevision()] = { ...state };
        };
        const remove = async (key: string) => {
          await backend.delete(key);
          delete state[key];
          history[backend.currentRevision()] = { ...state };
        };
        await put('/h/a', 'a1');
        await put('/h/b', 'b1');
        await put('/h/a', 'a2');
        await remove('/h/b');
        await put('/h/c', 'c1');
        await put('/h/b', 'b2');
        await put('/h/a', 'a3');
        await backend.create('/other', 'not listed');
        history.push({ ...state });
        for (let rev = 1; rev < history.length; rev++) {
          const result = await backend.list('/h/', { revision: rev });
          assert.equal(result.revision, rev);
          assert.deepEqual(asMap(result.items), history[rev], `at revision ${rev}`);
          const page = await backend.list('/h/', { revision: rev, limit: 1, startAfter: '/h/a' });
          const rest = Object.keys(history[rev]).sort().filter((k) => k > '/h/a');
          assert.deepEqual(page.items.map((kv) => kv.key), rest.slice(0, 1), `page at revision ${rev}`);
          assert.equal(page.more, rest.length > 1);
          assert.equal(page.remaining, Math.max(0, rest.length - 1));
        }
        const atTwo = await backend.list('/h/', { revision: 2 });
        assert.deepEqual(atTwo.items[0], { key: '/h/a', value: 'a1', createRevision: 1, modRevision: 1 });
        await assert.rejects(backend.list('/h/', { revision: backend.currentRevision() + 1 }), FutureRevisionError);
      }));
  });
}
