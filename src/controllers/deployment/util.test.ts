import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { calculateStatus, deploymentTimedOut, newCondition } from './conditions';
import { proportionalSizes } from './sync';
import { computeHash, equalIgnoreHash, maxSurge, maxUnavailable, newRSNewReplicas, setNewReplicaSetAnnotations } from './util';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };

function deploy(replicas: number, surge: number | string, unavailable: number | string, extra: Partial<Deployment['spec']> = {}): Deployment {
  return { metadata: { name: 'web', generation: 1 }, spec: { replicas, selector: {}, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } }, ...extra } };
}

function rs(name: string, replicas: number, created: string, annotations: Record<string, string> = {}, available = replicas): ReplicaSet {
  return { metadata: { name, creationTimestamp: created, annotations }, spec: { replicas, selector: {}, template }, status: { replicas, availableReplicas: available, readyReplicas: available } };
}

test('pod-template hash: stable, key-order and null blind, changed by the template and the collision count', () => {
  const h = computeHash(template);
  assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(computeHash({ spec: template.spec, metadata: { labels: { app: 'web' }, creationTimestamp: null as unknown as string } }), h);
  assert.notEqual(computeHash({ ...template, spec: { containers: [{ name: 'web', image: 'nginx:2' }] } }), h);
  assert.notEqual(computeHash(template, 1), h);
  assert.notEqual(computeHash(template, 1), computeHash(template, 2));
  assert.equal(equalIgnoreHash({ ...template, metadata: { labels: { app: 'web', 'pod-template-hash': h } } }, template), true);
});

test('maxSurge rounds up, maxUnavailable down; both zero means one unavailable', () => {
  const cases: [string, Deployment, number, number][] = [
    ['defaults 25% of 4', deploy(4, '25%', '25%'), 1, 1],
    ['25% of 10', deploy(10, '25%', '25%'), 3, 2],
    ['ints', deploy(4, 2, 0), 2, 0],
    ['both zero', deploy(3, 0, '10%'), 0, 1],
    ['unavailable capped at replicas', deploy(2, 0, 5), 0, 2],
    ['no replicas', deploy(0, '25%', '25%'), 0, 0],
  ];
  for (const [name, d, surge, unavail] of cases) assert.deepEqual([maxSurge(d), maxUnavailable(d)], [surge, unavail], name);
  const recreate = { ...deploy(4, 1, 1), spec: { ...deploy(4, 1, 1).spec!, strategy: { type: 'Recreate' } } };
  assert.deepEqual([maxSurge(recreate), maxUnavailable(recreate)], [0, 0]);
});

test('the new ReplicaSet grows only within replicas + maxSurge', () => {
  const d = deploy(4, 1, 1);
  const old = rs('old', 4, '2024-01-01T00:00:00Z');
  const fresh = rs('new', 0, '2024-01-01T00:01:00Z');
  assert.equal(newRSNewReplicas(d, [old, fresh], fresh), 1);
  assert.equal(newRSNewReplicas(d, [rs('old', 3, '2024-01-01T00:00:00Z'), rs('new', 2, 'x')], rs('new', 2, 'x')), 2);
  assert.equal(newRSNewReplicas(d, [rs('old', 0, '2024-01-01T00:00:00Z'), rs('new', 2, 'x')], rs('new', 2, 'x')), 4);
});

test('revision annotations: a reused ReplicaSet keeps its old revision in revision-history', () => {
  const d = deploy(4, 1, 1);
  d.metadata!.annotations = { team: 'a', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
  const r = rs('web-1', 0, 'x', { 'deployment.kubernetes.io/revision': '1' });
  assert.equal(setNewReplicaSetAnnotations(d, r, '3', true), true);
  assert.deepEqual(r.metadata!.annotations, { 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1', team: 'a' });
  const created = rs('web-2', 1, 'x');
  setNewReplicaSetAnnotations(d, created, '4', false);
  assert.equal(created.metadata!.annotations!['deployment.kubernetes.io/desired-replicas'], '4');
  assert.equal(created.metadata!.annotations!['deployment.kubernetes.io/max-replicas'], '5');
});

test('proportional scaling mid-rollout splits by size; the leftover goes to the largest', () => {
  // Upstream's example: 10 replicas with maxSurge 3 mid-rollout run 8 old + 5 new (13, the max); scaled to
  // 15 the max is 18: old gets round(8*18/13) = 11, new round(5*18/13) = 7.
  const d = deploy(15, 3, 2);
  const old = rs('old', 8, '2024-01-01T00:00:00Z', { 'deployment.kubernetes.io/max-replicas': '13' });
  const fresh = rs('new', 5, '2024-01-01T00:01:00Z', { 'deployment.kubernetes.io/max-replicas': '13' });
  const sizes = proportionalSizes(d, [old, fresh], 18 - 13);
  assert.deepEqual([sizes.get(old), sizes.get(fresh)], [11, 7]);
  const down = proportionalSizes(deploy(5, 1, 1), [old, fresh], 6 - 13);
  assert.equal(down.get(old)! + down.get(fresh)!, 6);
});

test('status: Available by minimum availability; the progress deadline times out', () => {
  const d = deploy(4, 1, 1, { progressDeadlineSeconds: 10 });
  const now = Date.parse('2024-01-01T00:10:00Z');
  const s = calculateStatus(d, [rs('a', 4, 'x', {}, 2)], undefined, now);
  assert.equal(s.conditions!.find((c) => c.type === 'Available')!.reason, 'MinimumReplicasUnavailable');
  assert.equal(s.unavailableReplicas, 2);
  assert.equal(calculateStatus(d, [rs('a', 4, 'x', {}, 3)], undefined, now).conditions!.find((c) => c.type === 'Available')!.status, 'True');
  s.conditions!.push(newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'x', now - 11_000));
  assert.equal(deploymentTimedOut(d, s, now), true);
  assert.equal(deploymentTimedOut(d, s, now - 2000), false);
});
