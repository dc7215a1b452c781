import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { selectorFromSet } from '../api/label-selector';
import { defaultConstraints, reasonConstraintsNotMatch, reasonNodeLabelNotMatch, spreadScores } from './topology-spread';
import { testCache, testCycle, testNode, testPod, verdicts } from './testing';

const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
const web = { app: 'web' };
const constraint = (extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: 'topology.kubernetes.io/zone',
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: web },
  ...extra,
});
const nodes = () => [testNode('a1', zone('a')), testNode('a2', zone('a')), testNode('b1', zone('b')), testNode('x')];

test('DoNotSchedule: skew against the emptiest zone; nodes without the key are unresolvable', () => {
  const cache = testCache(nodes(), [[testPod('w1', web), 'a1'], [testPod('other', { app: 'db' }), 'b1']]);
  const pod = testPod('p', web, { topologySpreadConstraints: [constraint()] });
  assert.deepEqual(verdicts(testCycle(pod, cache), cache), { a1: reasonConstraintsNotMatch, a2: reasonConstraintsNotMatch, b1: 'ok', x: reasonNodeLabelNotMatch });
  assert.equal(testCycle(pod, cache).filter(cache.get('x')!)?.resolvable, false);
});

test('minDomains: fewer domains than asked make the global minimum 0', () => {
  const cache = testCache(nodes(), [[testPod('w1', web), 'a1'], [testPod('w2', web), 'b1']]);
  const plain = testPod('p', web, { topologySpreadConstraints: [constraint()] });
  assert.equal(verdicts(testCycle(plain, cache), cache).a2, 'ok');
  const three = testPod('p', web, { topologySpreadConstraints: [constraint({ minDomains: 3 })] });
  assert.equal(verdicts(testCycle(three, cache), cache).a2, reasonConstraintsNotMatch);
});

test('nodeAffinityPolicy Honor leaves out domains the pod cannot reach; matchLabelKeys narrows the selector', () => {
  const cache = testCache(nodes(), [[testPod('w1', web), 'a1']]);
  const onlyA = testPod('p', web, { nodeSelector: zone('a'), topologySpreadConstraints: [constraint()] });
  assert.equal(verdicts(testCycle(onlyA, cache), cache).a2, 'ok', 'zone b, out of reach, does not count');
  const ignore = testPod('p', web, { nodeSelector: zone('a'), topologySpreadConstraints: [constraint({ nodeAffinityPolicy: 'Ignore' })] });
  assert.equal(verdicts(testCycle(ignore, cache), cache).a2, reasonConstraintsNotMatch, 'Ignore counts zone b as 0');
  const cache2 = testCache(nodes(), [[testPod('w1', { ...web, rev: '1' }), 'a1']]);
  const rev2 = testPod('p', { ...web, rev: '2' }, { topologySpreadConstraints: [constraint({ matchLabelKeys: ['rev'] })] });
  assert.equal(verdicts(testCycle(rev2, cache2), cache2).a1, 'ok', 'pods of another revision do not count');
});

test('ScheduleAnyway scores the emptier domain higher; the defaults spread by hostname and zone', () => {
  const cache = testCache(nodes().slice(0, 3), [[testPod('w1', web), 'a1'], [testPod('w2', web), 'a2']]);
  const all = cache.list();
  const soft = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', selector: selectorFromSet(web), minDomains: 1, honorAffinity: true, honorTaints: false }];
  const [a1, a2, b1] = spreadScores(testPod('p', web), soft, all, cache, true);
  assert.ok(b1! > a1! && a1 === a2, `${a1} ${a2} ${b1}`);
  const defaults = spreadScores(testPod('p', web), defaultConstraints(selectorFromSet(web)), all, cache, false);
  assert.equal(defaults.indexOf(Math.max(...defaults)), 2);
});
