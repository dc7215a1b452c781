import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodAffinityTerm } from 'kubernetes-types/core/v1';
import { affinityScores, reasonAffinityRulesNotMatch, reasonAntiAffinityRulesNotMatch, reasonExistingAntiAffinityRulesNotMatch } from './inter-pod-affinity';
import { testCache, testCycle, testNode, testPod, verdicts } from './testing';

const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
const term = (labels: Record<string, string>, topologyKey = 'kubernetes.io/hostname', extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({ labelSelector: { matchLabels: labels }, topologyKey, ...extra });
const nodes = () => [testNode('a1', zone('a')), testNode('a2', zone('a')), testNode('b1', zone('b'))];

test('required affinity: only where a matching pod runs in the same zone; the first of a group may go anywhere', () => {
  const cache = testCache(nodes(), [[testPod('db', { app: 'db' }), 'a1']]);
  const pod = testPod('p', { app: 'web' }, { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'topology.kubernetes.io/zone')] } } });
  assert.deepEqual(verdicts(testCycle(pod, cache), cache), { a1: 'ok', a2: 'ok', b1: reasonAffinityRulesNotMatch });
  const self = testPod('s', { app: 'cache' }, { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' })] } } });
  assert.deepEqual(Object.values(verdicts(testCycle(self, cache), cache)), ['ok', 'ok', 'ok']);
});

test('required anti-affinity: the pod avoids matching pods, and existing pods keep the pod away', () => {
  const anti = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' })] } } };
  const cache = testCache(nodes(), [[testPod('w1', { app: 'web' }, anti), 'a1'], [testPod('w2', { app: 'web' }), 'a2']]);
  assert.deepEqual(verdicts(testCycle(testPod('p', { app: 'web' }, anti), cache), cache), { a1: reasonAntiAffinityRulesNotMatch, a2: reasonAntiAffinityRulesNotMatch, b1: 'ok' });
  assert.deepEqual(verdicts(testCycle(testPod('q', { app: 'web' }), cache), cache), { a1: reasonExistingAntiAffinityRulesNotMatch, a2: 'ok', b1: 'ok' });
  assert.deepEqual(verdicts(testCycle(testPod('r', { app: 'api' }), cache), cache), { a1: 'ok', a2: 'ok', b1: 'ok' });
});

test('namespaces: the pod\'s own by default, a namespaceSelector picks by labels', () => {
  const other = testPod('o', { app: 'db' });
  other.metadata!.namespace = 'prod';
  const cache = testCache(nodes(), [[other, 'a1']]);
  const local = testPod('p', {}, { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' })] } } });
  assert.equal(verdicts(testCycle(local, cache), cache).a1, 'ok');
  const selected = testPod('p', {}, { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'kubernetes.io/hostname', { namespaceSelector: { matchLabels: { env: 'prod' } } })] } } });
  assert.equal(verdicts(testCycle(selected, cache, { prod: { env: 'prod' } }), cache).a1, reasonAntiAffinityRulesNotMatch);
});

test('preferred terms score by zone, normalized between min and max', () => {
  const cache = testCache(nodes(), [[testPod('db', { app: 'db' }), 'b1']]);
  const pod = testPod('p', {}, { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term({ app: 'db' }, 'topology.kubernetes.io/zone') }] } } });
  const all = cache.list();
  assert.deepEqual(affinityScores(pod, all, all, cache.withAffinity, () => undefined), [0, 0, 100]);
  assert.deepEqual(affinityScores(testPod('q'), all, all, cache.withAffinity, () => undefined), [0, 0, 0]);
});
