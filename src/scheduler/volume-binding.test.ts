import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Client, KubeObject, ResourceRef } from '../client/interface';
import { SharedInformers } from '../client/shared-informers';
import { reasons, VolumeBinding } from './volume-binding';

/** Lists what it holds per resource; watches stay open and silent; patches are recorded. */
function fakeClient(objects: Record<string, KubeObject[]>, patches: unknown[]): Client {
  return {
    list: async (r: ResourceRef) => ({ metadata: { resourceVersion: '1' }, items: objects[r.resource] ?? [] }),
    watch: async () => ({ stop() {}, done: new Promise<void>(() => {}) }),
    patch: async (_r: ResourceRef, ns: string, name: string, _t: string, patch: unknown) => (patches.push({ ns, name, patch }), {} as KubeObject),
  } as unknown as Client;
}

const node = (name: string) => ({ metadata: { name, labels: { 'kubernetes.io/hostname': name } } }) as Node;
const claim = (name: string, cls: string, volumeName?: string, annotations?: Record<string, string>) => ({ metadata: { name, namespace: 'ns', annotations }, spec: { storageClassName: cls, volumeName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
const pod = (...claims: string[]) => ({ metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [], volumes: claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })) } }) as Pod;
const affinity = (n: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [n] }] }] } });

async function plugin(objects: Record<string, unknown[]>, patches: unknown[] = []) {
  const informers = new SharedInformers({ client: fakeClient(objects as Record<string, KubeObject[]>, patches) });
  const vb = new VolumeBinding({ client: fakeClient(objects as Record<string, KubeObject[]>, patches), informers, bindTimeoutMs: 50 });
  informers.start();
  await informers.waitForSync();
  return { vb, stop: () => informers.stop() };
}

test('filter: missing claim, bound volume node affinity, unbound immediate, no-provisioner local volumes', async () => {
  const { vb, stop } = await plugin({
    persistentvolumeclaims: [claim('bound', '', 'pv-1'), claim('immediate', 'fast'), claim('local', 'local-storage')],
    persistentvolumes: [
      { metadata: { name: 'pv-1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], nodeAffinity: affinity('n1') } },
      { metadata: { name: 'local-2' }, spec: { storageClassName: 'local-storage', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], nodeAffinity: affinity('n2') } },
    ],
    storageclasses: [
      { metadata: { name: 'fast' }, provisioner: 'example.com/fast', volumeBindingMode: 'Immediate' },
      { metadata: { name: 'local-storage' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' },
    ],
  });
  assert.equal(vb.filter(pod('nope'), node('n1')), 'persistentvolumeclaim "nope" not found');
  assert.equal(vb.filter(pod('bound'), node('n1')), undefined);
  assert.equal(vb.filter(pod('bound'), node('n2')), reasons.nodeConflict);
  assert.equal(vb.filter(pod('immediate'), node('n1')), reasons.unboundImmediate);
  assert.equal(vb.filter(pod('local'), node('n1')), reasons.bindConflict);
  assert.equal(vb.filter(pod('local'), node('n2')), undefined);
  stop();
});

test('preBind selects the node on an unbound WaitForFirstConsumer claim, then times out if it never binds', async () => {
  const patches: unknown[] = [];
  const { vb, stop } = await plugin(
    {
      persistentvolumeclaims: [claim('data', 'local-path')],
      storageclasses: [{ metadata: { name: 'local-path' }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' }],
    },
    patches,
  );
  assert.equal(vb.filter(pod('data'), node('n1')), undefined);
  // The bind timeout's timer does not hold the process open (unref): keep the loop alive meanwhile.
  const keepAlive = setTimeout(() => {}, 5000);
  await assert.rejects(vb.preBind(pod('data'), 'n1'), /binding volumes: timed out waiting for the condition/);
  clearTimeout(keepAlive);
  assert.deepEqual(patches, [{ ns: 'ns', name: 'data', patch: { metadata: { annotations: { 'volume.kubernetes.io/selected-node': 'n1' } } } }]);
  stop();
});
