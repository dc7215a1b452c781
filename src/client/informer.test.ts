import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client, KubeObject, WatchEvent } from './interface';
import { SharedInformers } from './shared-informers';

const podsRef = { group: '', version: 'v1', resource: 'pods' };
const pod = (namespace: string, name: string, rv: string): KubeObject => ({ metadata: { namespace, name, resourceVersion: rv } });

/** A client with three pods listed and a watch the test feeds. */
function fakeClient() {
  let feed: ((e: WatchEvent) => void) | undefined;
  let lists = 0;
  const state = { items: [pod('a', 'p1', '1'), pod('a', 'p2', '2'), pod('b', 'p3', '3')], rv: '3' };
  const client = {
    list: async () => {
      lists++;
      return { items: structuredClone(state.items), metadata: { resourceVersion: state.rv } };
    },
    watch: async (_r: unknown, _ns: unknown, _o: unknown, handler: (e: WatchEvent) => void) => {
      feed = handler;
      let end!: () => void;
      const done = new Promise<void>((r) => (end = r));
      return { stop: () => ((feed = undefined), end()), done };
    },
  } as unknown as Client;
  const watching = async () => {
    while (!feed) await new Promise((r) => setImmediate(r));
  };
  return { client, state, send: (e: WatchEvent) => feed!(e), lists: () => lists, watching };
}

const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name).sort();

test('informer: the namespace index follows adds, updates and deletes', async () => {
  const c = fakeClient();
  const informers = new SharedInformers({ client: c.client });
  const inf = informers.informerFor(podsRef);
  informers.start();
  await informers.waitForSync();
  assert.deepEqual(names(inf.byNamespace('a')), ['p1', 'p2']);
  assert.deepEqual(names(inf.byNamespace('b')), ['p3']);
  assert.deepEqual(inf.byNamespace('c'), []);
  await c.watching();
  c.send({ type: 'ADDED', object: pod('c', 'p4', '4') });
  c.send({ type: 'MODIFIED', object: pod('a', 'p1', '5') });
  c.send({ type: 'DELETED', object: pod('b', 'p3', '6') });
  assert.deepEqual(names(inf.byNamespace('c')), ['p4']);
  assert.equal(inf.byNamespace('a').find((o) => o.metadata.name === 'p1')?.metadata.resourceVersion, '5');
  assert.deepEqual(inf.byNamespace('b'), []);
  assert.deepEqual(names(inf.list()), ['p1', 'p2', 'p4']);
  informers.stop();
});

test('scopes share one informer (one list); a stopped scope hears nothing more, the others still do', async () => {
  const c = fakeClient();
  const informers = new SharedInformers({ client: c.client });
  informers.start();
  const first = informers.scope();
  const second = informers.scope();
  const seen = { first: [] as string[], second: [] as string[] };
  first.informerFor(podsRef).addHandlers({ onAdd: (o) => seen.first.push(o.metadata.name!) });
  second.informerFor(podsRef).addHandlers({ onAdd: (o) => seen.second.push(o.metadata.name!) });
  await Promise.all([first.waitForSync(), second.waitForSync()]);
  assert.equal(c.lists(), 1, 'one list for both scopes');
  assert.deepEqual(seen.first.sort(), ['p1', 'p2', 'p3']);
  await c.watching();
  first.stop();
  c.send({ type: 'ADDED', object: pod('a', 'p9', '9') });
  assert.deepEqual(seen.first.sort(), ['p1', 'p2', 'p3']);
  assert.deepEqual(seen.second.sort(), ['p1', 'p2', 'p3', 'p9']);
  assert.equal(first.informerFor(podsRef).get('a/p9')?.metadata.name, 'p9', 'the cache itself stays live');
  informers.stop();
});

test('refresh lists again: the cache and the handlers catch up with changes the watch never carried', async () => {
  const c = fakeClient();
  const informers = new SharedInformers({ client: c.client });
  const inf = informers.informerFor(podsRef);
  const seen: string[] = [];
  inf.addHandlers({ onAdd: (o) => seen.push(`add ${o.metadata.name}`), onDelete: (o) => seen.push(`delete ${o.metadata.name}`), onUpdate: (_o, n) => seen.push(`update ${n.metadata.name}`) });
  informers.start();
  await informers.waitForSync();
  await c.watching();
  // Written elsewhere (another server on the same datastore): this watch never saw it.
  c.state.items = [pod('a', 'p1', '7'), pod('a', 'p2', '2'), pod('c', 'p5', '8')];
  c.state.rv = '8';
  seen.length = 0;
  await informers.refresh();
  assert.deepEqual(seen.sort(), ['add p5', 'delete p3', 'update p1']);
  assert.deepEqual(names(inf.list()), ['p1', 'p2', 'p5']);
  assert.deepEqual(inf.byNamespace('b'), []);
  assert.equal(c.lists(), 2);
  await c.watching();
  c.send({ type: 'ADDED', object: pod('a', 'p6', '9') });
  assert.ok(inf.get('a/p6'), 'it watches again after the list');
  informers.stop();
});
