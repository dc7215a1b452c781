import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, PodSpec } from 'kubernetes-types/core/v1';
import { requiredNodeAffinityMatches, tolerates } from './scheduling';

const node: Node = { metadata: { name: 'n1', labels: { disk: 'ssd', cores: '8' } } };
const pinned = (name: string): PodSpec => ({
  containers: [],
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [name] }] }] } } },
});

test('required node affinity: nodeSelector, matchExpressions, matchFields on metadata.name', () => {
  const cases: [string, PodSpec, boolean][] = [
    ['no constraints', { containers: [] }, true],
    ['nodeSelector matches', { containers: [], nodeSelector: { disk: 'ssd' } }, true],
    ['nodeSelector differs', { containers: [], nodeSelector: { disk: 'hdd' } }, false],
    ['pinned to this node', pinned('n1'), true],
    ['pinned to another node', pinned('n2'), false],
    ['Gt on a label', { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }] } } } }, true],
    ['empty term matches nothing', { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } }, false],
  ];
  for (const [name, spec, want] of cases) assert.equal(requiredNodeAffinityMatches(spec, node), want, name);
});

test('tolerations', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  assert.equal(tolerates([{ key: 'dedicated', operator: 'Equal', value: 'gpu' }], taint), true);
  assert.equal(tolerates([{ key: 'dedicated', operator: 'Equal', value: 'db' }], taint), false);
  assert.equal(tolerates([{ operator: 'Exists' }], taint), true);
  assert.equal(tolerates([{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }], taint), false);
  assert.equal(tolerates(undefined, taint), false);
});
