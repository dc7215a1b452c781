/** Which pods Pod GC removes (upstream gc_controller_test.go cases). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { missingNodes, terminatedOverThreshold, terminatingOutOfService, unscheduledTerminating } from './collect';

const pod = (name: string, o: { phase?: string; node?: string; created?: string; deleting?: boolean; reason?: string } = {}): Pod => ({
  metadata: { name, namespace: 'default', creationTimestamp: o.created ?? '2024-01-01T00:00:00Z', ...(o.deleting ? { deletionTimestamp: '2024-01-01T01:00:00Z' } : {}) },
  spec: { containers: [], ...(o.node ? { nodeName: o.node } : {}) },
  status: { phase: o.phase ?? 'Running', ...(o.reason ? { reason: o.reason } : {}) },
});
const node = (name: string, ready: boolean, outOfService = false): Node => ({
  metadata: { name },
  spec: outOfService ? { taints: [{ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }] } : {},
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const names = (pods: Pod[]) => pods.map((p) => p.metadata!.name);

test('terminated pods above the threshold go, evicted first, then oldest', () => {
  const pods = [
    pod('new', { phase: 'Succeeded', created: '2024-01-03T00:00:00Z' }),
    pod('old', { phase: 'Failed', created: '2024-01-01T00:00:00Z' }),
    pod('evicted', { phase: 'Failed', created: '2024-01-04T00:00:00Z', reason: 'Evicted' }),
    pod('running', { created: '2023-01-01T00:00:00Z' }),
  ];
  assert.deepEqual(names(terminatedOverThreshold(pods, 1)), ['evicted', 'old']);
  assert.deepEqual(names(terminatedOverThreshold(pods, 3)), []);
  assert.deepEqual(names(terminatedOverThreshold(pods, 0)), [], 'threshold 0 disables');
});

test('terminating pods go only from not-ready nodes taken out of service', () => {
  const nodes = new Map([['down', node('down', false, true)], ['notready', node('notready', false)], ['up', node('up', true, true)]]);
  const pods = [pod('a', { node: 'down', deleting: true }), pod('b', { node: 'notready', deleting: true }), pod('c', { node: 'up', deleting: true }), pod('d', { node: 'down' })];
  assert.deepEqual(names(terminatingOutOfService(pods, nodes)), ['a']);
});

test('unscheduled terminating pods, and nodes the cache does not know', () => {
  const pods = [pod('a', { deleting: true }), pod('b'), pod('c', { node: 'gone' }), pod('d', { node: 'here' })];
  assert.deepEqual(names(unscheduledTerminating(pods)), ['a']);
  assert.deepEqual([...missingNodes(pods, new Map([['here', node('here', true)]]))], ['gone']);
});
