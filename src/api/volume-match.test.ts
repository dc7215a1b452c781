import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { findMatchingVolume, volumeFitsNode } from './volume-match';

const claim = (extra: Partial<PersistentVolumeClaim['spec']> = {}): PersistentVolumeClaim => ({
  metadata: { name: 'data', namespace: 'ns', uid: 'c1' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '', ...extra },
});
const pv = (name: string, size: string, extra: Partial<PersistentVolume['spec']> = {}, labels?: Record<string, string>): PersistentVolume => ({
  metadata: { name, labels },
  spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], ...extra },
  status: { phase: 'Available' },
});

test('the smallest volume that fits; class, access modes, capacity and selector must match', () => {
  const volumes = [pv('big', '10Gi'), pv('small', '2Gi'), pv('tiny', '500Mi'), pv('other-class', '1Gi', { storageClassName: 'fast' }), pv('rwx', '1Gi', { accessModes: ['ReadWriteMany'] })];
  assert.equal(findMatchingVolume(claim(), volumes)?.metadata?.name, 'small');
  assert.equal(findMatchingVolume(claim({ storageClassName: 'fast' }), volumes)?.metadata?.name, 'other-class');
  assert.equal(findMatchingVolume(claim({ accessModes: ['ReadWriteMany'] }), volumes)?.metadata?.name, 'rwx');
  assert.equal(findMatchingVolume(claim({ accessModes: ['ReadWriteOncePod'] }), volumes), undefined);
  const labelled = [pv('a', '1Gi', {}, { tier: 'gold' }), pv('b', '1Gi')];
  assert.equal(findMatchingVolume(claim({ selector: { matchLabels: { tier: 'gold' } } }), labelled)?.metadata?.name, 'a');
});

test('a volume bound to another claim is not taken; one pre-bound to this claim wins', () => {
  const taken = pv('taken', '1Gi', { claimRef: { namespace: 'ns', name: 'other', uid: 'x' } });
  const mine = pv('mine', '5Gi', { claimRef: { namespace: 'ns', name: 'data' } });
  assert.equal(findMatchingVolume(claim(), [taken]), undefined);
  assert.equal(findMatchingVolume(claim(), [pv('free', '1Gi'), mine])?.metadata?.name, 'mine');
});

test('node affinity decides the nodes a volume fits', () => {
  const local = pv('local', '1Gi', { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] }] } } });
  assert.equal(volumeFitsNode(local, { metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } } }), true);
  assert.equal(volumeFitsNode(local, { metadata: { name: 'n2', labels: { 'kubernetes.io/hostname': 'n2' } } }), false);
  assert.equal(findMatchingVolume(claim(), [local], { metadata: { name: 'n2', labels: { 'kubernetes.io/hostname': 'n2' } } }), undefined);
  assert.equal(volumeFitsNode(pv('anywhere', '1Gi'), undefined), true);
});
