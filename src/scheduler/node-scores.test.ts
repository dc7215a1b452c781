import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPodInfo } from './node-info';
import { balancedAllocation, defaultNormalize, imageLocality, intolerablePreferNoSchedule, leastAllocated, normalizedImageName, portsConflict, preferredNodeAffinity } from './node-scores';
import { testCache, testNode, testPod } from './testing';

test('NodePorts: same protocol and port clash, 0.0.0.0 clashes with any address', () => {
  const busy = testPod('busy', {}, { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }] }] });
  const cache = testCache([testNode('a')], [[busy, 'a']]);
  const a = cache.get('a')!;
  const cases: [string, string[], boolean][] = [
    ['same address', ['TCP/10.0.0.1/80'], true],
    ['wildcard', ['TCP/0.0.0.0/80'], true],
    ['other address', ['TCP/10.0.0.2/80'], false],
    ['other protocol', ['UDP/0.0.0.0/80'], false],
    ['other port', ['TCP/0.0.0.0/81'], false],
  ];
  for (const [name, want, clash] of cases) assert.equal(portsConflict(want, a), clash, name);
});

test('resource scores: LeastAllocated prefers the emptier node, BalancedAllocation the even one', () => {
  const cache = testCache([testNode('a'), testNode('b')], [[testPod('x', {}, {}, '2'), 'b']]);
  const p = newPodInfo('default/p', testPod('p', {}, {}, '1'));
  assert.ok(leastAllocated(p, cache.get('a')!) > leastAllocated(p, cache.get('b')!));
  // a: cpu 1/4 = .25, memory 0 → 1 − .125; b: cpu 3/4, memory 0 → 1 − .375
  assert.equal(balancedAllocation(p, cache.get('a')!), 87);
  assert.equal(balancedAllocation(p, cache.get('b')!), 62);
});

test('preferred node affinity, PreferNoSchedule taints and normalization', () => {
  const pod = testPod('p', {}, { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
    { weight: 5, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
    { weight: 2, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } },
  ] } } });
  assert.equal(preferredNodeAffinity(pod, testNode('a', { disk: 'ssd', gpu: '1' })), 7);
  assert.equal(preferredNodeAffinity(pod, testNode('b', { disk: 'hdd' })), 0);
  const tainted = testNode('t', {}, { spec: { taints: [{ key: 'k', effect: 'PreferNoSchedule' }, { key: 'j', effect: 'NoSchedule' }] } });
  assert.equal(intolerablePreferNoSchedule(pod, tainted), 1);
  assert.equal(intolerablePreferNoSchedule(testPod('q', {}, { tolerations: [{ key: 'k', operator: 'Exists' }] }), tainted), 0);
  assert.deepEqual(defaultNormalize([7, 0, 3], false), [100, 0, 42]);
  assert.deepEqual(defaultNormalize([1, 0], true), [0, 100]);
  assert.deepEqual(defaultNormalize([0, 0], true), [100, 100]);
});

test('ImageLocality: big images already present score, spread across nodes', () => {
  assert.equal(normalizedImageName('nginx'), 'nginx:latest');
  assert.equal(normalizedImageName('reg:5000/app'), 'reg:5000/app:latest');
  const withImage = testNode('a', {}, { status: { images: [{ names: ['nginx:latest'], sizeBytes: 500 * 1024 * 1024 }] } });
  const pod = testPod('p', {}, { containers: [{ name: 'c', image: 'nginx' }] });
  const spread = new Map([['nginx:latest', 1]]);
  // 500MB × 1/2 nodes = 250MB → 100 × (250 − 23) / (1000 − 23)
  assert.equal(imageLocality(pod, withImage, spread, 2), 23);
  assert.equal(imageLocality(pod, testNode('b'), spread, 2), 0);
});
