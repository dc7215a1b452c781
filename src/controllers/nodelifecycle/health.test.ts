/** Node health decisions: conditions to Unknown when the kubelet goes quiet, and the taints conditions call for. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1';
import { addsNoExecute, reconcileTaints, unknownConditions, wantedTaints } from './health';
import { noExecutePolicy, zoneOf, zoneState } from './zones';

const now = Date.parse('2024-01-01T00:10:00Z');
const cond = (type: string, status: string): NodeCondition => ({ type, status, reason: 'KubeletReady', message: 'ok', lastHeartbeatTime: '2024-01-01T00:00:00Z', lastTransitionTime: '2024-01-01T00:00:00Z' });
const node = (conditions: NodeCondition[], spec: Node['spec'] = {}): Node => ({ metadata: { name: 'n', creationTimestamp: '2023-12-31T00:00:00Z' }, spec, status: { conditions } });
const keys = (taints: Taint[] | undefined) => (taints ?? []).map((t) => `${t.key}:${t.effect}`);

describe('node health', () => {
  test('kubelet conditions become Unknown with upstream reason and message; heartbeats kept; missing ones added', () => {
    const out = unknownConditions(node([cond('Ready', 'True'), cond('MemoryPressure', 'False'), cond('DiskPressure', 'False')]), now)!;
    const ready = out.find((c) => c.type === 'Ready')!;
    assert.deepEqual([ready.status, ready.reason, ready.message, ready.lastHeartbeatTime, ready.lastTransitionTime], ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', '2024-01-01T00:00:00Z', '2024-01-01T00:10:00Z']);
    const pid = out.find((c) => c.type === 'PIDPressure')!;
    assert.deepEqual([pid.status, pid.reason, pid.message, pid.lastHeartbeatTime], ['Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.', '2023-12-31T00:00:00Z']);
    assert.equal(unknownConditions(node(out), now + 5000), undefined, 'already Unknown: nothing to write');
  });

  const cases: [string, Node, string[]][] = [
    ['Ready: no taints', node([cond('Ready', 'True')]), []],
    ['Ready=False: not-ready', node([cond('Ready', 'False')]), ['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']],
    ['Ready=Unknown: unreachable', node([cond('Ready', 'Unknown')]), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']],
    ['pressure and cordon', node([cond('Ready', 'True'), cond('MemoryPressure', 'True'), cond('PIDPressure', 'True')], { unschedulable: true }), ['node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule']],
    ['never posted Ready: left alone', node([]), []],
  ];
  for (const [name, n, want] of cases) test(`wanted taints: ${name}`, () => assert.deepEqual(keys(wantedTaints(n)), want));

  test('reconciling keeps other taints, stamps NoExecute ones, removes ours when healthy again', () => {
    const foreign: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    const down = node([cond('Ready', 'Unknown')], { taints: [foreign] });
    const tainted = reconcileTaints(down, now)!;
    assert.deepEqual(keys(tainted), ['dedicated:NoSchedule', 'node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    assert.equal(tainted.find((t) => t.effect === 'NoExecute')!.timeAdded, '2024-01-01T00:10:00Z');
    assert.equal(tainted.find((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoSchedule')!.timeAdded, undefined);
    assert.equal(reconcileTaints(node([cond('Ready', 'Unknown')], { taints: tainted }), now), undefined, 'in line: nothing to write');
    assert.deepEqual(keys(reconcileTaints(node([cond('Ready', 'True')], { taints: tainted }), now)), ['dedicated:NoSchedule']);
  });
});

describe('zones', () => {
  const inZone = (name: string, zone: string | undefined, ready: boolean): Node => ({
    metadata: { name, labels: zone ? { 'topology.kubernetes.io/region': 'r', 'topology.kubernetes.io/zone': zone } : {} },
    status: { conditions: [cond('Ready', ready ? 'True' : 'Unknown')] },
  });
  test('zone states as upstream ComputeZoneState', () => {
    assert.equal(zoneState([inZone('a', 'z', false), inZone('b', 'z', false)]), 'FullDisruption');
    assert.equal(zoneState([inZone('a', 'z', false), inZone('b', 'z', false), inZone('c', 'z', false), inZone('d', 'z', true)]), 'PartialDisruption');
    assert.equal(zoneState([inZone('a', 'z', false), inZone('b', 'z', false), inZone('c', 'z', true)]), 'Normal', 'two down is never partial');
  });
  test('NoExecute policy: normal rate, stopped in a small partly-down zone, lifted when every zone is down', () => {
    assert.deepEqual(noExecutePolicy([inZone('a', undefined, false), inZone('b', undefined, true)], ''), { kind: 'rate', perSecond: 0.1 });
    const partial = [inZone('a', 'z', false), inZone('b', 'z', false), inZone('c', 'z', false), inZone('d', 'z', true)];
    assert.deepEqual(noExecutePolicy(partial, zoneOf(partial[0]!)), { kind: 'rate', perSecond: 0 });
    assert.deepEqual(noExecutePolicy([inZone('a', 'x', false), inZone('b', 'y', false)], zoneOf(inZone('a', 'x', false))), { kind: 'removeAll' });
    assert.deepEqual(noExecutePolicy([inZone('a', 'x', false), inZone('b', 'y', true)], zoneOf(inZone('a', 'x', false))), { kind: 'rate', perSecond: 0.1 }, 'one zone fully down: evicted normally');
  });
  test('hold adds no new NoExecute taint; removeAll lifts ours', () => {
    const down = node([cond('Ready', 'Unknown')]);
    assert.equal(addsNoExecute(down), true);
    assert.deepEqual(keys(reconcileTaints(down, now, 'hold')), ['node.kubernetes.io/unreachable:NoSchedule']);
    const tainted = node([cond('Ready', 'Unknown')], { taints: reconcileTaints(down, now) });
    assert.equal(addsNoExecute(tainted), false);
    assert.deepEqual(keys(reconcileTaints(tainted, now, 'removeAll')), ['node.kubernetes.io/unreachable:NoSchedule']);
  });
});
