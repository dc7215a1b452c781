import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/interface';
import { ManualClock } from '../../util/manual-clock';
import { FailedPodBackoff } from './failed-backoff';
import { planNode, podsByNode, targetNode } from './pods';

const now = Date.parse('2026-01-01T00:10:00Z');
const ds: KubeObject = { metadata: { name: 'agent', namespace: 'default', uid: 'u' }, spec: { template: { spec: { containers: [] } } } };
const node = (taints: Node['spec'] = {}): Node => ({ metadata: { name: 'n1' }, spec: taints });
const pod = (name: string, created: string, phase = 'Running', extra: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name, namespace: 'default', creationTimestamp: created, labels: { 'controller-revision-hash': 'h' } },
  spec: { nodeName: 'n1' },
  status: { phase },
  ...extra,
});
const names = (pods: KubeObject[]) => pods.map((p) => p.metadata.name);

test('what a node needs (upstream podsShouldBeOnNode)', () => {
  assert.deepEqual(planNode(node(), ds, [], 'h', now), { needsPod: true, toDelete: [], failed: [] });
  const extra = planNode(node(), ds, [pod('b', '2026-01-01T00:02:00Z'), pod('a', '2026-01-01T00:01:00Z')].sort((x, y) => x.metadata.creationTimestamp!.localeCompare(y.metadata.creationTimestamp!)), 'h', now);
  assert.deepEqual(names(extra.toDelete), ['b'], 'the oldest pod stays');
  const failed = planNode(node(), ds, [pod('f', '2026-01-01T00:01:00Z', 'Failed')], 'h', now);
  assert.deepEqual([failed.needsPod, names(failed.failed)], [false, ['f']], 'the replacement waits for the failed pod to go');
  assert.deepEqual(names(planNode(node(), ds, [pod('s', '2026-01-01T00:01:00Z', 'Succeeded')], 'h', now).toDelete), ['s']);
  const evicted = planNode(node({ taints: [{ key: 'k', effect: 'NoExecute' }] }), ds, [pod('a', '2026-01-01T00:01:00Z')], 'h', now);
  assert.deepEqual(names(evicted.toDelete), ['a']);
  const stays = planNode(node({ taints: [{ key: 'k', effect: 'NoSchedule' }] }), ds, [pod('a', '2026-01-01T00:01:00Z')], 'h', now);
  assert.deepEqual([stays.needsPod, stays.toDelete.length], [false, 0]);
});

test('pods not yet scheduled count for the node their affinity pins them to', () => {
  const pinned = pod('p', '2026-01-01T00:01:00Z', 'Pending', {
    spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n7'] }] }] } } } },
  });
  assert.equal(targetNode(pinned as never), 'n7');
  assert.deepEqual([...podsByNode([pinned]).keys()], ['n7']);
});

test('failed-pod back-off: 1 s, doubling, reset after a long quiet spell', () => {
  const clock = new ManualClock(now);
  const b = new FailedPodBackoff(clock);
  assert.equal(b.remaining('k'), 0);
  b.next('k');
  assert.equal(b.remaining('k'), 1000);
  clock.advance(1000);
  assert.equal(b.remaining('k'), 0);
  b.next('k');
  assert.equal(b.remaining('k'), 2000);
  clock.advance(31 * 60 * 1000);
  b.next('k');
  assert.equal(b.remaining('k'), 1000);
});
