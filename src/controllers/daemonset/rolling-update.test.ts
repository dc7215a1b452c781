import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/interface';
import { planRollingUpdate } from './rolling-update';

const now = Date.parse('2026-01-01T00:10:00Z');
const nodes: Node[] = ['n0', 'n1', 'n2', 'n3'].map((name) => ({ metadata: { name } }));
const ds = (rollingUpdate: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'agent', namespace: 'default' },
  spec: { template: { spec: { containers: [] } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate } },
});
const pod = (name: string, node: string, hash: string, ready: boolean): KubeObject => ({
  metadata: { name, namespace: 'default', labels: { 'controller-revision-hash': hash }, creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { nodeName: node },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2026-01-01T00:00:00Z' }] },
});
const byNode = (pods: KubeObject[]) => new Map(pods.map((p) => [(p.spec as { nodeName: string }).nodeName, [p]]));

test('without surge: old pods go while at most maxUnavailable nodes lack an available pod', () => {
  const all = nodes.map((n) => pod(`old-${n.metadata!.name}`, n.metadata!.name!, 'old', true));
  assert.equal(planRollingUpdate(ds({ maxUnavailable: 1, maxSurge: 0 }), nodes, byNode(all), 'new', now).deletePods.length, 1);
  assert.equal(planRollingUpdate(ds({ maxUnavailable: '50%', maxSurge: 0 }), nodes, byNode(all), 'new', now).deletePods.length, 2);
  // One node already has an unready new pod: the budget is spent.
  const midway = [pod('new-n0', 'n0', 'new', false), ...all.slice(1)];
  assert.deepEqual(planRollingUpdate(ds({ maxUnavailable: 1, maxSurge: 0 }), nodes, byNode(midway), 'new', now).deletePods, []);
  // An old pod that is not available anyway is replaced at once.
  const broken = [pod('old-n0', 'n0', 'old', false), ...all.slice(1)];
  assert.deepEqual(planRollingUpdate(ds({ maxUnavailable: 1, maxSurge: 0 }), nodes, byNode(broken), 'new', now).deletePods.map((p) => p.metadata.name), ['old-n0']);
});

test('with surge: new pods start beside old ones, old ones go once the new is available', () => {
  const all = nodes.map((n) => pod(`old-${n.metadata!.name}`, n.metadata!.name!, 'old', true));
  const start = planRollingUpdate(ds({ maxUnavailable: 0, maxSurge: 2 }), nodes, byNode(all), 'new', now);
  assert.equal(start.createOn.length, 2);
  assert.deepEqual(start.deletePods, []);
  const pairs = new Map(byNode(all));
  pairs.set('n0', [pod('old-n0', 'n0', 'old', true), pod('new-n0', 'n0', 'new', true)]);
  pairs.set('n1', [pod('old-n1', 'n1', 'old', true), pod('new-n1', 'n1', 'new', false)]);
  const next = planRollingUpdate(ds({ maxUnavailable: 0, maxSurge: 2 }), nodes, pairs, 'new', now);
  assert.deepEqual(next.deletePods.map((p) => p.metadata.name), ['old-n0']);
  assert.equal(next.createOn.length, 1, 'one surge slot is still used by n1');
});
