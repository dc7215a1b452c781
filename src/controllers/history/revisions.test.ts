import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Informer } from '../../client/informer';
import { ApiError, type Client, type KubeObject } from '../../client/interface';
import { hashRevision } from './hash';
import { type Revision, RevisionHistory, templatePatch } from './revisions';

const owner = { obj: { metadata: { name: 'web', namespace: 'default', uid: 'u1' } } as KubeObject, apiVersion: 'apps/v1', kind: 'StatefulSet' };
const data = (image: string) => templatePatch({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } });
const revision = (name: string, n: number, image: string): Revision => ({ metadata: { name, namespace: 'default', uid: name, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u1', controller: true }] }, data: data(image), revision: n });

/** A client over a map of revisions by name, recording writes. */
function fake(existing: Revision[]) {
  const store = new Map(existing.map((r) => [r.metadata.name!, r]));
  const writes: string[] = [];
  const client = {
    create: async (_r: unknown, _ns: unknown, obj: Revision) => {
      if (store.has(obj.metadata.name!)) throw new ApiError(409, 'AlreadyExists', 'exists');
      writes.push(`create ${obj.metadata.name} #${obj.revision}`);
      store.set(obj.metadata.name!, obj);
      return obj;
    },
    get: async (_r: unknown, _ns: unknown, name: string) => store.get(name),
    update: async (_r: unknown, _ns: unknown, obj: Revision) => (writes.push(`update ${obj.metadata.name} #${obj.revision}`), obj),
    delete: async (_r: unknown, _ns: unknown, name: string) => void writes.push(`delete ${name}`),
  } as unknown as Client;
  const informer = { byNamespace: (ns: string) => [...store.values()].filter((r) => r.metadata.namespace === ns) } as unknown as Informer<Revision>;
  return { history: new RevisionHistory({ client, informer }), writes };
}

const options = (image: string, collisionCount = 0) => ({ data: data(image), templateLabels: { app: 'web' }, hashLabel: 'controller.kubernetes.io/hash', collisionCount });

test('a new template makes revision max+1 named <owner>-<hash>, labelled with the template labels and hash', async () => {
  const { history, writes } = fake([revision('web-a', 1, 'v1')]);
  const got = await history.ensure(owner, history.list(owner.obj), options('v2'));
  const hash = hashRevision(data('v2'), 0);
  assert.deepEqual(writes, [`create web-${hash} #2`]);
  assert.deepEqual(got.revision.metadata.labels, { app: 'web', 'controller.kubernetes.io/hash': hash });
  assert.equal(got.revision.metadata.ownerReferences?.[0]?.controller, true);
});

test('the latest revision is reused; an older equal one is renumbered as the newest', async () => {
  const { history, writes } = fake([revision('web-a', 1, 'v1'), revision('web-b', 2, 'v2')]);
  assert.equal((await history.ensure(owner, history.list(owner.obj), options('v2'))).revision.metadata.name, 'web-b');
  assert.deepEqual(writes, []);
  await history.ensure(owner, history.list(owner.obj), options('v1'));
  assert.deepEqual(writes, ['update web-a #3']);
});

test('a name taken by other data raises the collision count', async () => {
  const taken = revision(`web-${hashRevision(data('v2'), 0)}`, 1, 'other');
  const { history } = fake([taken]);
  const got = await history.ensure(owner, [], options('v2'));
  assert.equal(got.collisionCount, 1);
  assert.equal(got.revision.metadata.name, `web-${hashRevision(data('v2'), 1)}`);
});

test('history is cut to the limit, oldest first, never a live revision', async () => {
  const revs = [1, 2, 3, 4].map((n) => revision(`web-${n}`, n, `v${n}`));
  const { history, writes } = fake(revs);
  await history.truncate(history.list(owner.obj), new Set(['web-1', 'web-4']), 1);
  assert.deepEqual(writes, ['delete web-2']);
});
