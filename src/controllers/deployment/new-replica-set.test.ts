import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { EventRecorder } from '../../client/event-recorder';
import { ApiError, type Client, type KubeObject, type ResourceRef } from '../../client/interface';
import { silentLogger } from '../../util/logger';
import { ManualClock } from '../../util/manual-clock';
import type { DeploymentContext } from './context';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set';
import { computeHash } from './util';

/** Just enough of a Client: objects by resource/name, create refusing taken names, writes recorded. */
function fakeClient(existing: KubeObject[] = []) {
  const store = new Map<string, KubeObject>(existing.map((o) => [`replicasets/${o.metadata.name}`, o]));
  const writes: { verb: string; resource: string; obj: unknown }[] = [];
  const key = (r: ResourceRef, name: string) => `${r.resource}/${name}`;
  const client = {
    async create(r: ResourceRef, _ns: string | undefined, obj: KubeObject) {
      if (store.has(key(r, obj.metadata.name!))) throw new ApiError(409, 'AlreadyExists', 'already exists');
      writes.push({ verb: 'create', resource: r.resource, obj });
      const out = { ...obj, metadata: { ...obj.metadata, uid: `uid-${obj.metadata.name}` } };
      store.set(key(r, obj.metadata.name!), out);
      return out;
    },
    async get(r: ResourceRef, _ns: string | undefined, name: string) {
      const o = store.get(key(r, name));
      if (!o) throw new ApiError(404, 'NotFound', 'not found');
      return o;
    },
    async update(r: ResourceRef, _ns: string | undefined, obj: KubeObject, options?: { subresource?: string }) {
      writes.push({ verb: options?.subresource ? `update/${options.subresource}` : 'update', resource: r.resource, obj });
      return obj;
    },
    async patch(r: ResourceRef, _ns: string | undefined, name: string, _t: string, patch: { metadata: { annotations: Record<string, string> } }) {
      writes.push({ verb: 'patch', resource: r.resource, obj: patch });
      return { metadata: { name, annotations: patch.metadata.annotations } };
    },
  } as unknown as Client;
  return { client, writes };
}

function context(client: Client): DeploymentContext {
  const clock = new ManualClock(Date.parse('2024-01-01T00:00:00Z'));
  return { client, clock, recorder: new EventRecorder({ client, component: 'deployment-controller', logger: silentLogger, clock }), requeueAfter: () => {} };
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
const deployment: Deployment = {
  metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: 1 },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } },
  status: {},
};

test('a new ReplicaSet: <name>-<hash>, hash in selector and template, revision 1, sized to replicas', async () => {
  const { client, writes } = fakeClient();
  const rss = await getAllReplicaSetsAndSyncRevision(context(client), structuredClone(deployment), [], true);
  const hash = computeHash(template);
  const rs = rss.newRS!;
  assert.equal(rs.metadata!.name, `web-${hash}`);
  assert.equal(rs.spec!.selector.matchLabels!['pod-template-hash'], hash);
  assert.equal(rs.spec!.template!.metadata!.labels!['pod-template-hash'], hash);
  assert.equal(rs.spec!.replicas, 3);
  assert.deepEqual(rs.metadata!.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true }]);
  assert.equal(rs.metadata!.annotations!['deployment.kubernetes.io/revision'], '1');
  const status = writes.find((w) => w.verb === 'update/status')!.obj as Deployment;
  assert.equal(status.status!.conditions![0]!.reason, 'NewReplicaSetCreated');
  assert.equal(status.status!.conditions![0]!.message, `Created new replica set "web-${hash}"`);
});

test('a name taken by another template bumps collisionCount and fails the sync, so the next hash differs', async () => {
  const hash = computeHash(template);
  const foreign = { metadata: { name: `web-${hash}`, namespace: 'default', uid: 'x' }, spec: { template: { ...template, spec: { containers: [{ name: 'other', image: 'x' }] } } } } as unknown as KubeObject;
  const { client, writes } = fakeClient([foreign]);
  await assert.rejects(getAllReplicaSetsAndSyncRevision(context(client), structuredClone(deployment), [], true));
  const status = writes.find((w) => w.verb === 'update/status')!.obj as Deployment;
  assert.equal(status.status!.collisionCount, 1);
  assert.notEqual(computeHash(template, 1), hash);
});

test('an existing new ReplicaSet moves to the next revision and keeps the old one in history', async () => {
  const hash = computeHash(template);
  const old: ReplicaSet = { metadata: { name: 'web-old', creationTimestamp: '2024-01-01T00:00:00Z', annotations: { 'deployment.kubernetes.io/revision': '2' } }, spec: { selector: {}, template: { ...template, spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } };
  const back: ReplicaSet = { metadata: { name: `web-${hash}`, creationTimestamp: '2023-12-31T00:00:00Z', annotations: { 'deployment.kubernetes.io/revision': '1' } }, spec: { selector: {}, template: { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': hash } } } } };
  const { client, writes } = fakeClient();
  const rss = await getAllReplicaSetsAndSyncRevision(context(client), structuredClone(deployment), [old, back], false);
  assert.equal(rss.newRS!.metadata!.name, `web-${hash}`);
  const updated = writes.find((w) => w.verb === 'update' && w.resource === 'replicasets')!.obj as ReplicaSet;
  assert.equal(updated.metadata!.annotations!['deployment.kubernetes.io/revision'], '3');
  assert.equal(updated.metadata!.annotations!['deployment.kubernetes.io/revision-history'], '1');
  assert.deepEqual((writes.find((w) => w.verb === 'patch')!.obj as { metadata: unknown }).metadata, { annotations: { 'deployment.kubernetes.io/revision': '3' } });
});
