import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/interface';
import { claimOwners } from './claims';
import { claimsFor, newStatefulPod, parentAndOrdinal } from './identity';
import { splitPods } from './update';

const set = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default', uid: 'set-uid' },
  spec: {
    replicas: 2,
    serviceName: 'nginx',
    selector: { matchLabels: { app: 'nginx' } },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'www', emptyDir: {} }, { name: 'tmp', emptyDir: {} }] } },
    volumeClaimTemplates: [{ metadata: { name: 'www', labels: { tier: 'data' } }, spec: { accessModes: ['ReadWriteOnce'] } }],
    ...extra,
  },
});

test('a stateful pod has a stable name, hostname, subdomain, identity labels and its claim as a volume', () => {
  const pod = newStatefulPod(set(), 1, 'web-abc') as unknown as Pod;
  assert.equal(pod.metadata?.name, 'web-1');
  assert.equal(pod.metadata?.generateName, undefined);
  assert.deepEqual(pod.metadata?.labels, { app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': 'web-abc' });
  assert.equal(pod.spec?.hostname, 'web-1');
  assert.equal(pod.spec?.subdomain, 'nginx');
  assert.deepEqual(pod.spec?.volumes, [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } }, { name: 'tmp', emptyDir: {} }]);
  assert.deepEqual(pod.metadata?.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'set-uid', controller: true, blockOwnerDeletion: true }]);
});

test('claims are named <template>-<set>-<ordinal> and carry the template and selector labels', () => {
  const [claim] = claimsFor(set(), 3);
  assert.equal(claim?.metadata?.name, 'www-web-3');
  assert.deepEqual(claim?.metadata?.labels, { tier: 'data', app: 'nginx' });
});

test('ordinals come from names; spec.ordinals.start shifts the range; condemned go highest first', () => {
  assert.deepEqual(parentAndOrdinal('my-web-12'), { parent: 'my-web', ordinal: 12 });
  assert.equal(parentAndOrdinal('web').ordinal, -1);
  const pods = ['web-2', 'web-3', 'web-5', 'web-7'].map((name) => ({ metadata: { name } }));
  const { replicas, condemned } = splitPods(set({ ordinals: { start: 3 } }), pods);
  assert.deepEqual(replicas.map((p) => p?.metadata.name), ['web-3', undefined]);
  assert.deepEqual(condemned.map((p) => p.metadata.name), ['web-7', 'web-5', 'web-2']);
});

test('retention policy as ownerReferences on the claim', () => {
  const claim: KubeObject = { metadata: { name: 'www-web-1', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'cm' }] } };
  const pod = (ordinal: number): KubeObject => ({ metadata: { name: `web-${ordinal}`, uid: `pod-${ordinal}` } });
  const policy = (whenDeleted: string, whenScaled: string) => set({ persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled } });
  const owners = (s: KubeObject, p: KubeObject) => claimOwners(claim, s, p).map((r) => `${r.kind}/${r.name}${r.controller ? '*' : ''}`);
  assert.deepEqual(owners(policy('Retain', 'Retain'), pod(1)), ['ConfigMap/x']);
  assert.deepEqual(owners(policy('Delete', 'Retain'), pod(1)), ['ConfigMap/x', 'StatefulSet/web*']);
  assert.deepEqual(owners(policy('Retain', 'Delete'), pod(1)), ['ConfigMap/x']);
  assert.deepEqual(owners(policy('Retain', 'Delete'), pod(4)), ['ConfigMap/x', 'Pod/web-4*']);
  assert.deepEqual(owners(policy('Delete', 'Delete'), pod(4)), ['ConfigMap/x', 'Pod/web-4*']);
});
