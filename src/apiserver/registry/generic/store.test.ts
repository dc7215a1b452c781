/** The generic store over the memory backend: the fixed order of prepare, validate, CAS, finalizers, lists and watches. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryBackend } from '../../../storage/memory/backend';
import { builtinResources } from '../../../api/resources';
import { StatusError } from '../../errors';
import { configMapStrategy } from '../core/configmaps/strategy';
import { namespaceStrategy } from '../core/namespaces/strategy';
import { podStrategy } from '../core/pods/strategy';
import { GenericStore } from './store';
import type { KubeObject } from './strategy';

const info = (resource: string) => builtinResources.find((r) => r.resource === resource && r.group === '')!;

function stores() {
  const backend = new MemoryBackend({ compactIntervalMs: 0 });
  return {
    backend,
    cms: new GenericStore({ info: info('configmaps'), strategy: configMapStrategy, backend }),
    nss: new GenericStore({ info: info('namespaces'), strategy: namespaceStrategy, backend }),
  };
}

const cm = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, ...extra });

async function rejects(p: Promise<unknown>, code: number, reason: string): Promise<StatusError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StatusError, `expected a StatusError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.reason, reason, err.message);
    return err;
  }
  assert.fail(`expected ${code} ${reason}`);
}

describe('GenericStore', () => {
  test('create sets uid, creationTimestamp, namespace and resourceVersion', async () => {
    const { cms } = stores();
    const created = await cms.create('default', cm('a'));
    assert.equal(created.metadata.namespace, 'default');
    assert.match(created.metadata.uid!, /^[0-9a-f-]{36}$/);
    assert.match(created.metadata.creationTimestamp as unknown as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(created.metadata.resourceVersion!, /^\d+$/);
    assert.deepEqual(await cms.get('default', 'a'), created);
  });

  test('generateName makes a unique name with five random characters', async () => {
    const { cms } = stores();
    const a = await cms.create('default', { metadata: { generateName: 'web-' } });
    assert.match(a.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  test('dry-run create validates and stores nothing', async () => {
    const { cms } = stores();
    await cms.create('default', cm('dry'), { dryRun: true });
    await rejects(cms.get('default', 'dry'), 404, 'NotFound');
  });

  test('update: stale resourceVersion conflicts; unchanged objects keep their resourceVersion', async () => {
    const { cms } = stores();
    const a = await cms.create('default', cm('a', { data: { v: '1' } }));
    const b = await cms.update('default', 'a', { ...a, data: { v: '2' } });
    assert.ok(Number(b.metadata.resourceVersion) > Number(a.metadata.resourceVersion));
    await rejects(cms.update('default', 'a', { ...a, data: { v: '3' } }), 409, 'Conflict');
    const same = await cms.update('default', 'a', b);
    assert.equal(same.metadata.resourceVersion, b.metadata.resourceVersion);
  });

  test('update keeps system fields and rejects a changed name', async () => {
    const { cms } = stores();
    const a = await cms.create('default', cm('a'));
    const b = await cms.update('default', 'a', { metadata: { name: 'a' }, data: { x: 'y' } });
    assert.equal(b.metadata.uid, a.metadata.uid);
    assert.equal(b.metadata.creationTimestamp, a.metadata.creationTimestamp);
    await rejects(cms.update('default', 'a', { metadata: { name: 'b' } }), 400, 'BadRequest');
  });

  test('immutable configmaps reject data changes', async () => {
    const { cms } = stores();
    await cms.create('default', cm('frozen', { data: { a: '1' }, immutable: true }));
    const err = await rejects(cms.update('default', 'frozen', cm('frozen', { data: { a: '2' }, immutable: true })), 422, 'Invalid');
    assert.match(err.message, /data: Forbidden: field is immutable when `immutable` is set/);
  });

  test('finalizers hold a deleted object until they are removed', async () => {
    const { cms } = stores();
    await cms.create('default', cm('held', { metadata: { name: 'held', finalizers: ['example.com/hold'] } }));
    const first = await cms.delete('default', 'held');
    assert.equal(first.deleted, false);
    assert.ok(first.object.metadata.deletionTimestamp);
    const current = await cms.get('default', 'held');
    await cms.update('default', 'held', { ...current, metadata: { ...current.metadata, finalizers: [] } });
    await rejects(cms.get('default', 'held'), 404, 'NotFound');
  });

  test('delete preconditions', async () => {
    const { cms } = stores();
    const a = await cms.create('default', cm('a'));
    await rejects(cms.delete('default', 'a', { preconditions: { uid: 'other' } }), 409, 'Conflict');
    await rejects(cms.delete('default', 'a', { preconditions: { resourceVersion: '999' } }), 409, 'Conflict');
    const done = await cms.delete('default', 'a', { preconditions: { uid: a.metadata.uid } });
    assert.equal(done.deleted, true);
  });

  test('namespaces: deleting starts Terminating; system namespaces may not be deleted', async () => {
    const { nss } = stores();
    await nss.create(undefined, { metadata: { name: 'kube-system' } });
    await rejects(nss.delete(undefined, 'kube-system'), 403, 'Forbidden');
    const made = await nss.create(undefined, { metadata: { name: 'team' } });
    assert.deepEqual((made as any).spec.finalizers, ['kubernetes']);
    assert.equal(made.metadata.labels?.['kubernetes.io/metadata.name'], 'team');
    const r = await nss.delete(undefined, 'team');
    assert.equal(r.deleted, false);
    assert.equal((r.object as any).status.phase, 'Terminating');
  });

  test('list: selectors, paging with continue, and remainingItemCount', async () => {
    const { cms } = stores();
    for (let i = 0; i < 10; i++) await cms.create('default', cm(`c${i}`, { metadata: { name: `c${i}`, labels: { parity: i % 2 ? 'odd' : 'even' } } }));
    await cms.create('other', cm('elsewhere'));
    const all = await cms.list('default', {});
    assert.equal(all.items.length, 10);
    assert.equal((await cms.list(undefined, {})).items.length, 11);
    const odd = await cms.list('default', { labelSelector: 'parity=odd' });
    assert.deepEqual(odd.items.map((o) => o.metadata.name), ['c1', 'c3', 'c5', 'c7', 'c9']);
    const page1 = await cms.list('default', { limit: 4 });
    assert.equal(page1.items.length, 4);
    assert.equal(page1.remainingItemCount, 6);
    assert.ok(page1.continue);
    await cms.create('default', cm('c99'));
    const page2 = await cms.list('default', { limit: 4, continue: page1.continue });
    const page3 = await cms.list('default', { limit: 4, continue: page2.continue });
    assert.equal(page3.continue, undefined);
    const names = [...page1.items, ...page2.items, ...page3.items].map((o) => o.metadata.name);
    assert.equal(names.length, 10, 'pages are read at the first page revision: the later create is not seen');
    assert.equal(page2.resourceVersion, page1.resourceVersion);
    const filtered = await cms.list('default', { limit: 2, labelSelector: 'parity=even' });
    assert.deepEqual(filtered.items.map((o) => o.metadata.name), ['c0', 'c2']);
    await rejects(cms.list('default', { continue: 'garbage' }), 400, 'BadRequest');
    await rejects(cms.list('default', { fieldSelector: 'spec.x=1' }), 400, 'BadRequest');
  });

  test('watch: initial ADDED events, then changes; selectors turn moves into ADDED/DELETED', async () => {
    const { cms } = stores();
    await cms.create('default', cm('w1', { metadata: { name: 'w1', labels: { app: 'x' } } }));
    const events: string[] = [];
    const w = await cms.watch('default', { labelSelector: 'app=x' }, (type, obj) => events.push(`${type} ${(obj as KubeObject).metadata.name}`));
    const w2 = await cms.create('default', cm('w2'));
    await cms.update('default', 'w2', { ...w2, metadata: { ...w2.metadata, labels: { app: 'x' } } });
    const cur = await cms.get('default', 'w1');
    await cms.update('default', 'w1', { ...cur, metadata: { ...cur.metadata, labels: { app: 'y' } } });
    await cms.delete('default', 'w2');
    await new Promise((r) => setTimeout(r, 20));
    w.stop();
    assert.deepEqual(events, ['ADDED w1', 'ADDED w2', 'DELETED w1', 'DELETED w2']);
  });

  test('watch from a resourceVersion replays what came after it', async () => {
    const { cms } = stores();
    const a = await cms.create('default', cm('a'));
    await cms.create('default', cm('b'));
    const events: string[] = [];
    const w = await cms.watch('default', { resourceVersion: a.metadata.resourceVersion }, (type, obj) => events.push(`${type} ${(obj as KubeObject).metadata.name}`));
    await new Promise((r) => setTimeout(r, 20));
    w.stop();
    assert.deepEqual(events, ['ADDED b']);
  });

  test('a compacted resourceVersion: list is 410 Expired, watch sends an ERROR event', async () => {
    const { cms, backend } = stores();
    const a = await cms.create('default', cm('a'));
    await cms.create('default', cm('b'));
    await backend.compact(backend.currentRevision());
    await rejects(cms.list('default', { resourceVersion: a.metadata.resourceVersion, resourceVersionMatch: 'Exact' }), 410, 'Expired');
    const events: { type: string; obj: any }[] = [];
    await cms.watch('default', { resourceVersion: a.metadata.resourceVersion }, (type, obj) => events.push({ type, obj }));
    assert.equal(events[0]?.type, 'ERROR');
    assert.equal(events[0]?.obj.code, 410);
  });
});

describe('graceful deletion', () => {
  const podInfo = builtinResources.find((r) => r.resource === 'pods' && r.group === '')!;
  const podOn = (name: string, nodeName?: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName, containers: [{ name: 'c', image: 'busybox' }] } });

  test('a pod on a node is marked and waits its grace period; shorter grace replaces it; 0 deletes', async () => {
    const backend = new MemoryBackend({ compactIntervalMs: 0 });
    const pods = new GenericStore({ info: podInfo, strategy: podStrategy, backend });
    await pods.create('default', podOn('unscheduled'));
    assert.equal((await pods.delete('default', 'unscheduled')).deleted, true, 'no node: deleted at once');
    await pods.create('default', podOn('running', 'node-a'));
    const first = await pods.delete('default', 'running');
    assert.equal(first.deleted, false);
    assert.equal(first.object.metadata.deletionGracePeriodSeconds, 30);
    assert.ok(first.object.metadata.deletionTimestamp);
    const longer = await pods.delete('default', 'running', { gracePeriodSeconds: 60 });
    assert.equal(longer.object.metadata.deletionGracePeriodSeconds, 30, 'a longer grace does not extend it');
    const shorter = await pods.delete('default', 'running', { gracePeriodSeconds: 5 });
    assert.equal(shorter.object.metadata.deletionGracePeriodSeconds, 5);
    assert.equal((await pods.delete('default', 'running', { gracePeriodSeconds: 0 })).deleted, true);
    await rejects(pods.get('default', 'running'), 404, 'NotFound');
    await pods.create('default', podOn('negative', 'node-a'));
    await rejects(pods.delete('default', 'negative', { gracePeriodSeconds: -1 }), 422, 'Invalid');
  });
});
