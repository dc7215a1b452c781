import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { findFeasible } from './framework';
import { newPodInfo } from './node-info';
import { findCandidate, pickCandidate, reasonNoVictims, splitByPDB, type Candidate } from './preemption';
import { testCache, testCycle, testNode, testPod } from './testing';

const withPriority = (name: string, priority: number, cpu: string, labels: Record<string, string> = {}) => testPod(name, labels, { priority }, cpu);

test('victims: the fewest lower-priority pods that make room, on the node with the lowest victims', () => {
  const cache = testCache(
    [testNode('a', { zone: 'x' }), testNode('b', { zone: 'x' }), testNode('c', { zone: 'y' })],
    [
      [withPriority('a-low', 10, '2'), 'a'],
      [withPriority('a-mid', 50, '2'), 'a'],
      [withPriority('b-low1', 10, '1'), 'b'],
      [withPriority('b-low2', 10, '3'), 'b'],
      [withPriority('c-high', 200, '4'), 'c'],
    ],
  );
  const cycle = testCycle(withPriority('p', 100, '3', {}), cache);
  const { statuses } = findFeasible(cycle, cache.list(), 0);
  const chosen = findCandidate(cycle, cache.list(), statuses, []) as Candidate;
  // a would need both pods (highest victim 50); b only b-low2 (priority 10).
  assert.equal(chosen.node.name, 'b');
  assert.deepEqual(chosen.victims.map((v) => v.pod.metadata!.name), ['b-low2']);
});

test('no candidate: upstream counts per node why preemption cannot help', () => {
  const cache = testCache([testNode('a'), testNode('b', { disk: 'hdd' })], [[withPriority('a-high', 500, '4'), 'a']]);
  const pod = testPod('p', {}, { priority: 100, nodeSelector: { 'kubernetes.io/hostname': 'a' } }, '1');
  const cycle = testCycle(pod, cache);
  const { statuses } = findFeasible(cycle, cache.list(), 0);
  assert.deepEqual(findCandidate(cycle, cache.list(), statuses, []), {
    message: `preemption: 0/2 nodes are available: 1 ${reasonNoVictims}, 1 Preemption is not helpful for scheduling.`,
    clearNomination: true,
  });
  const never = testPod('n', {}, { priority: 100, preemptionPolicy: 'Never' }, '4');
  assert.deepEqual(findCandidate(testCycle(never, cache), cache.list(), statuses, []), { message: 'preemption: not eligible due to preemptionPolicy=Never.', clearNomination: false });
});

test('PDBs: a pod whose eviction exceeds disruptionsAllowed violates; already-disrupted pods do not count', () => {
  const pods = ['w1', 'w2', 'w3'].map((n) => newPodInfo(`default/${n}`, withPriority(n, 0, '1', { app: 'web' })));
  const pdb: PodDisruptionBudget = { metadata: { name: 'b', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } } }, status: { disruptionsAllowed: 1, disruptedPods: { w2: '2024-01-01T00:00:00Z' }, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 } };
  const { violating, fine } = splitByPDB(pods, [pdb]);
  assert.deepEqual(violating.map((p) => p.pod.metadata!.name), ['w3']);
  assert.deepEqual(fine.map((p) => p.pod.metadata!.name), ['w1', 'w2']);
});

test('pickCandidate: fewer PDB violations first, then lower highest priority, then fewer victims', () => {
  const cache = testCache([testNode('a'), testNode('b'), testNode('c')]);
  const v = (p: number) => newPodInfo(`default/v${p}`, withPriority(`v${p}`, p, '1'));
  const cand = (node: string, victims: number[], pdbViolations = 0): Candidate => ({ node: cache.get(node)!, victims: victims.map(v), pdbViolations });
  assert.equal(pickCandidate([cand('a', [1], 1), cand('b', [50, 40])])!.node.name, 'b');
  assert.equal(pickCandidate([cand('a', [50]), cand('b', [10, 10])])!.node.name, 'b');
  assert.equal(pickCandidate([cand('a', [10, 10]), cand('b', [10])])!.node.name, 'b');
  assert.equal(pickCandidate([]), undefined);
});

test('not eligible while the last victims still terminate on the nominated node', () => {
  const victim = withPriority('old', 1, '4');
  const terminating = { ...victim, metadata: { ...victim.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
  const cache = testCache([testNode('a')], [[terminating, 'a']]);
  const preemptor = { ...withPriority('p', 100, '4'), status: { nominatedNodeName: 'a' } };
  const cycle = testCycle(preemptor, cache);
  const { statuses } = findFeasible(cycle, cache.list(), 0);
  assert.equal((findCandidate(cycle, cache.list(), statuses, []) as { message: string }).message, 'preemption: not eligible due to a terminating pod on the nominated node.');
});

test('preemption can make room for anti-affinity: only the conflicting lower-priority pod goes', () => {
  const cache = testCache([testNode('a')], [[withPriority('db', 1, '1', { app: 'db' }), 'a'], [withPriority('web', 1, '1', { app: 'web' }), 'a']]);
  const anti = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } } };
  const pod = testPod('p', {}, { priority: 100, ...anti }, '1');
  const cycle = testCycle(pod, cache);
  const { statuses } = findFeasible(cycle, cache.list(), 0);
  assert.deepEqual(statuses.get('a'), { reasons: ["node(s) didn't match pod anti-affinity rules"], resolvable: true });
  const chosen = findCandidate(cycle, cache.list(), statuses, []) as Candidate;
  assert.deepEqual(chosen.victims.map((v) => v.pod.metadata!.name), ['db']);
  assert.ok(cycle.filter(cache.get('a')!), 'the cycle itself is unchanged by the what-if');
});
