import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { filter, insufficientResources, podRequests, unschedulableMessage } from './fit';

const node = (name: string, extra: Partial<Node> = {}): Node => ({
  metadata: { name, labels: { zone: 'a' } },
  status: { allocatable: { cpu: '2', memory: '4Gi', pods: '10' }, conditions: [{ type: 'Ready', status: 'True' }] },
  ...extra,
});
const pod = (cpu: string, extra: Partial<Pod['spec']> = {}): Pod => ({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: { requests: { cpu, memory: '1Gi' } } }], ...extra } });
const empty = { milliCPU: 0, memory: 0, pods: 0 };

test('filters with upstream reasons', () => {
  const cases: [string, Pod, Node, string | undefined][] = [
    ['fits', pod('1'), node('n'), undefined],
    ['too much cpu', pod('3'), node('n'), 'Insufficient cpu'],
    ['cordoned', pod('1'), node('n', { spec: { unschedulable: true } }), 'node(s) were unschedulable'],
    ['tainted', pod('1'), node('n', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } }), 'node(s) had untolerated taint {dedicated: gpu}'],
    ['tolerated', pod('1', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }), node('n', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } }), undefined],
    ['selector', pod('1', { nodeSelector: { zone: 'b' } }), node('n'), "node(s) didn't match Pod's node affinity/selector"],
    ['not ready', pod('1'), node('n', { status: { allocatable: { cpu: '2', memory: '4Gi', pods: '10' }, conditions: [{ type: 'Ready', status: 'False' }] } }), 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }'],
  ];
  for (const [name, p, n, want] of cases) assert.equal(filter(p, n, empty), want, name);
  assert.equal(filter(pod('1'), node('n'), { milliCPU: 1500, memory: 0, pods: 1 }), 'Insufficient cpu', 'what is already placed counts');
  assert.equal(filter(pod('0'), node('n'), { milliCPU: 0, memory: 0, pods: 10 }), 'Too many pods');
});

test('init containers count as the larger of themselves and the app', () => {
  const p = pod('500m', { initContainers: [{ name: 'i', resources: { requests: { cpu: '2' } } }] });
  assert.equal(podRequests(p).milliCPU, 2000);
});

test('the message counts reasons and sorts them as Go sort.Strings does', () => {
  assert.equal(unschedulableMessage(0, []), 'no nodes available to schedule pods');
  assert.equal(unschedulableMessage(3, ['Insufficient cpu', 'node(s) were unschedulable', 'Insufficient cpu']), '0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.');
});

test('every short resource is a reason of its own', () => {
  assert.deepEqual(insufficientResources(podRequests(pod('3')), node('n'), { milliCPU: 0, memory: 3.5 * 2 ** 30, pods: 10 }), ['Too many pods', 'Insufficient cpu', 'Insufficient memory']);
  assert.equal(unschedulableMessage(12, [...Array(10).fill('Insufficient cpu'), 'Insufficient memory', 'Insufficient memory']), '0/12 nodes are available: 10 Insufficient cpu, 2 Insufficient memory.');
});
