/** PodDisruptionBudget arithmetic (upstream disruption_test.go cases): expected pods, desired healthy, disruptions allowed. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { staleCondition } from './stale-disruption';
import { countHealthy, deletionTimeoutMs, disruptedPods, expectedCount, nextStatus, podsForBudget, scaledValue } from './budget';

const now = Date.parse('2024-01-01T00:10:00Z');
const pod = (name: string, ready: boolean, extra: Partial<Pod['metadata']> = {}): Pod => ({
  metadata: { name, namespace: 'default', labels: { app: 'web' }, ...extra },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const pdb = (spec: Partial<PodDisruptionBudget['spec']>, status?: PodDisruptionBudget['status']): PodDisruptionBudget => ({
  metadata: { name: 'web', namespace: 'default', generation: 1 },
  spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  ...(status ? { status } : {}),
});

describe('PodDisruptionBudget arithmetic', () => {
  test('percentages round up; a plain string is an error', () => {
    assert.equal(scaledValue('50%', 3, true), 2);
    assert.equal(scaledValue('50%', 3, false), 1);
    assert.equal(scaledValue(4, 10, true), 4);
    assert.throws(() => scaledValue('five', 10, true), /not a percentage/);
  });

  const cases: [string, Partial<PodDisruptionBudget['spec']>, number, number, { expected: number; desiredHealthy: number }][] = [
    ['minAvailable int counts the selected pods', { minAvailable: 2 }, 3, 0, { expected: 3, desiredHealthy: 2 }],
    ['minAvailable percent uses the scale', { minAvailable: '50%' }, 2, 5, { expected: 5, desiredHealthy: 3 }],
    ['maxUnavailable int', { maxUnavailable: 1 }, 3, 4, { expected: 4, desiredHealthy: 3 }],
    ['maxUnavailable percent rounds up', { maxUnavailable: '30%' }, 3, 4, { expected: 4, desiredHealthy: 2 }],
    ['maxUnavailable above the scale floors at 0', { maxUnavailable: 9 }, 3, 4, { expected: 4, desiredHealthy: 0 }],
  ];
  for (const [name, spec, podCount, scale, want] of cases)
    test(name, () => assert.deepEqual(expectedCount(pdb(spec), Array.from({ length: podCount }, (_, i) => pod(`p${i}`, true)), scale), want));

  test('the selector picks pods in the budget namespace only; no selector picks none', () => {
    const pods = [pod('a', true), pod('b', true, { labels: { app: 'db' } }), pod('c', true, { namespace: 'other' })];
    assert.deepEqual(podsForBudget(pdb({}), pods).map((p) => p.metadata!.name), ['a']);
    assert.deepEqual(podsForBudget({ ...pdb({}), spec: {} }, pods), []);
  });

  test('recorded evictions count as disrupted until the deletion timeout; deleting pods are not healthy', () => {
    const recent = new Date(now - 30_000).toISOString();
    const old = new Date(now - deletionTimeoutMs - 1).toISOString();
    const budget = pdb({ minAvailable: 1 }, { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, disruptedPods: { a: recent, b: old } });
    const pods = [pod('a', true), pod('b', true), pod('c', true, { deletionTimestamp: recent }), pod('d', false)];
    const { disrupted, recheckAt, expired } = disruptedPods(budget, pods, now);
    assert.deepEqual(Object.keys(disrupted), ['a']);
    assert.deepEqual(expired, ['b']);
    assert.equal(recheckAt, Date.parse(recent) + deletionTimeoutMs);
    assert.equal(countHealthy(pods, disrupted, now), 1);
  });

  test('status: disruptionsAllowed and the DisruptionAllowed condition; unchanged status is not rewritten', () => {
    const status = nextStatus(pdb({ minAvailable: 1 }), { currentHealthy: 3, desiredHealthy: 1, expected: 3, disrupted: {} }, now)!;
    assert.equal(status.disruptionsAllowed, 2);
    assert.equal(status.observedGeneration, 1);
    assert.deepEqual(status.conditions!.map((c) => [c.type, c.status, c.reason, c.observedGeneration]), [['DisruptionAllowed', 'True', 'SufficientPods', 1]]);
    assert.equal(nextStatus(pdb({ minAvailable: 1 }, status), { currentHealthy: 3, desiredHealthy: 1, expected: 3, disrupted: {} }, now + 1000), undefined);
    const short = nextStatus(pdb({ minAvailable: 1 }, status), { currentHealthy: 1, desiredHealthy: 1, expected: 3, disrupted: {} }, now + 1000)!;
    assert.deepEqual([short.disruptionsAllowed, short.conditions![0]!.status, short.conditions![0]!.reason], [0, 'False', 'InsufficientPods']);
    assert.equal(nextStatus(pdb({ maxUnavailable: 1 }), { currentHealthy: 0, desiredHealthy: 0, expected: 0, disrupted: {} }, now)!.disruptionsAllowed, 0, 'no expected pods: nothing allowed');
  });
});

describe('stale DisruptionTarget conditions', () => {
  const marked = (reason: string, at: string, extra: Partial<Pod> = {}): Pod => ({
    metadata: { name: 'p', namespace: 'default' },
    status: { phase: 'Running', conditions: [{ type: 'DisruptionTarget', status: 'True', reason, lastTransitionTime: at }] },
    ...extra,
  });
  test('stale 2 minutes after it was set, unless set by the kubelet, deleting, or finished', () => {
    const at = new Date(now - 30_000).toISOString();
    assert.equal(staleCondition(marked('EvictionByEvictionAPI', at), now)?.waitMs, 90_000);
    assert.equal(staleCondition(marked('DeletionByTaintManager', new Date(now - 200_000).toISOString()), now)?.waitMs, 0);
    assert.equal(staleCondition(marked('TerminationByKubelet', at), now), undefined);
    assert.equal(staleCondition({ ...marked('EvictionByEvictionAPI', at), metadata: { name: 'p', deletionTimestamp: at } }, now), undefined);
    assert.equal(staleCondition({ ...marked('EvictionByEvictionAPI', at), status: { phase: 'Failed', conditions: marked('x', at).status!.conditions } }, now), undefined);
  });
});
