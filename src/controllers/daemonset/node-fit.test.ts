import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, PodSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/interface';
import { daemonTolerations, nodeShouldRunDaemonPod, podTemplateFor } from './node-fit';

const ds = (spec: Partial<PodSpec> = {}): KubeObject => ({
  metadata: { name: 'agent', namespace: 'default', generation: 2 },
  spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'busybox' }], ...spec } } },
});
const node = (name: string, extra: Partial<Node> = {}): Node => ({ metadata: { name, labels: { zone: 'a' } }, ...extra });

test('which nodes run a daemon pod (upstream NodeShouldRunDaemonPod)', () => {
  const cases: [string, KubeObject, Node, boolean, boolean][] = [
    ['plain node', ds(), node('n1'), true, true],
    ['nodeSelector matches', ds({ nodeSelector: { zone: 'a' } }), node('n1'), true, true],
    ['nodeSelector differs', ds({ nodeSelector: { zone: 'b' } }), node('n1'), false, false],
    ['spec.nodeName elsewhere', ds({ nodeName: 'n2' }), node('n1'), false, false],
    ['NoSchedule taint: not placed, but a pod there may stay', ds(), node('n1', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } }), false, true],
    ['NoExecute taint: not placed and evicted', ds(), node('n1', { spec: { taints: [{ key: 'dedicated', effect: 'NoExecute' }] } }), false, false],
    ['tolerated taint', ds({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] }), node('n1', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } }), true, true],
    ['cordoned node: tolerated by default', ds(), node('n1', { spec: { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } }), true, true],
    ['unreachable NoExecute: tolerated by default', ds(), node('n1', { spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] } }), true, true],
    ['network-unavailable: only host-network pods', ds(), node('n1', { spec: { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] } }), false, true],
  ];
  for (const [name, set, n, shouldRun, shouldContinueRunning] of cases) assert.deepEqual(nodeShouldRunDaemonPod(n, set), { shouldRun, shouldContinueRunning }, name);
});

test('daemon pods get the default tolerations once and are pinned to their node', () => {
  const tolerations = daemonTolerations({ containers: [], hostNetwork: true, tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }] });
  assert.equal(tolerations.filter((t) => t.key === 'node.kubernetes.io/not-ready').length, 1);
  assert.ok(tolerations.some((t) => t.key === 'node.kubernetes.io/network-unavailable'));
  const template = podTemplateFor(ds({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } } }), 'h1', 'n1');
  assert.deepEqual(template.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] });
  assert.deepEqual(template.metadata?.labels, { app: 'agent', 'controller-revision-hash': 'h1', 'pod-template-generation': '2' });
});
