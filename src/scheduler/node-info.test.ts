import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testCache, testNode, testPod } from './testing';

test('per-node totals follow adds, moves and removals without rescans', () => {
  const cache = testCache([testNode('a'), testNode('b')]);
  const p = testPod('p', {}, { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }], resources: { requests: { cpu: '500m' } } }] });
  cache.addPod('default/p', p, 'a');
  const a = cache.get('a')!;
  assert.deepEqual(a.requested, { milliCPU: 500, memory: 0, pods: 1 });
  assert.deepEqual(a.nonZeroRequested, { milliCPU: 500, memory: 200 * 1024 * 1024 }, 'an unset memory request scores as 200MB');
  assert.deepEqual([...a.usedPorts.keys()], ['TCP/0.0.0.0/8080']);
  cache.addPod('default/p', p, 'b');
  assert.deepEqual(a.requested, { milliCPU: 0, memory: 0, pods: 0 });
  assert.equal(cache.get('b')!.requested.pods, 1);
  cache.removePod('default/p');
  assert.equal(cache.get('b')!.usedPorts.size, 0);
  assert.equal(cache.nodeOf('default/p'), undefined);
});

test('nodes list in name order; pods on unknown nodes wait for their node', () => {
  const cache = testCache([testNode('b'), testNode('a')]);
  cache.addPod('default/x', testPod('x'), 'c');
  assert.deepEqual(cache.list().map((i) => i.name), ['a', 'b']);
  cache.setNode(testNode('c'));
  assert.deepEqual(cache.list().map((i) => [i.name, i.pods.size]), [['a', 0], ['b', 0], ['c', 1]]);
  cache.removeNode('a');
  assert.deepEqual(cache.list().map((i) => i.name), ['b', 'c']);
});

test('nodes holding pods with affinity terms are tracked', () => {
  const anti = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: {} }] } } };
  const cache = testCache([testNode('a')], [[testPod('x', {}, anti), 'a']]);
  assert.equal(cache.withAffinity.size, 1);
  assert.equal(cache.get('a')!.podsWithRequiredAntiAffinity, 1);
  cache.removePod('default/x');
  assert.equal(cache.withAffinity.size, 0);
});

test('selector counts per node follow pods added, relabelled, terminating and removed', () => {
  const cache = testCache([testNode('a'), testNode('b')], [[testPod('w1', { app: 'web' }), 'a']]);
  const web = [{ key: 'app', operator: '=' as const, values: ['web'] }];
  const counts = cache.matching(web, 'default');
  assert.deepEqual([...counts], [['a', 1]]);
  cache.addPod('default/w2', testPod('w2', { app: 'web' }), 'b');
  cache.addPod('default/w3', testPod('w3', { app: 'web' }), 'b');
  assert.deepEqual([...cache.matching(web, 'default')].sort(), [['a', 1], ['b', 2]]);
  const relabelled = testPod('w2', { app: 'db' });
  relabelled.spec!.nodeName = 'b';
  cache.addPod('default/w2', relabelled, 'b');
  const w1 = testPod('w1', { app: 'web' });
  const terminating = { ...w1, metadata: { ...w1.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
  cache.addPod('default/w1', terminating, 'a');
  cache.removePod('default/w3');
  assert.deepEqual([...cache.matching(web, 'default')], []);
  assert.deepEqual([...cache.matching(web, 'other')], []);
});
