import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { podsToDelete } from './delete-order';
import { Expectations } from './expectations';
import { ManualClock } from '../../util/manual-clock';

const now = Date.parse('2024-01-01T01:00:00Z');
const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pod(name: string, o: { node?: string; phase?: string; ready?: boolean; readyAgo?: number; createdAgo?: number; cost?: number; restarts?: number } = {}): Pod {
  const ready = o.ready ?? true;
  return {
    metadata: { name, uid: name, creationTimestamp: at(o.createdAgo ?? 60), ...(o.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(o.cost) } } : {}) },
    spec: { containers: [], ...(o.node === '' ? {} : { nodeName: o.node ?? 'n1' }) },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: at(o.readyAgo ?? 30) }],
      containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready, restartCount: o.restarts ?? 0 }],
    },
  };
}

test('scale-down deletes in upstream order', () => {
  const cases: [string, Pod[], string][] = [
    ['unscheduled before scheduled', [pod('a'), pod('b', { node: '' })], 'b'],
    ['pending before running', [pod('a'), pod('b', { phase: 'Pending' })], 'b'],
    ['not ready before ready', [pod('a'), pod('b', { ready: false })], 'b'],
    ['lower deletion cost first', [pod('a', { cost: 10 }), pod('b', { cost: -5 })], 'b'],
    ['crowded node first', [pod('a', { node: 'n1' }), pod('b', { node: 'n2' }), pod('c', { node: 'n2' })], 'b'],
    ['ready more recently first (log scale)', [pod('a', { readyAgo: 50 }), pod('b', { readyAgo: 1 })], 'b'],
    ['more restarts first', [pod('a'), pod('b', { restarts: 3 })], 'b'],
    ['newer first', [pod('a', { createdAgo: 600 }), pod('b', { createdAgo: 1 })], 'b'],
  ];
  for (const [name, pods, want] of cases) {
    const related = name.startsWith('crowded') ? pods : [];
    const got = podsToDelete(pods, related, 1, now).map((p) => p.metadata!.name);
    assert.deepEqual(got, [want], name);
  }
  assert.equal(podsToDelete([pod('a'), pod('b')], [], 5, now).length, 2);
});

test('expectations hold a sync back until observed, or expired', () => {
  const clock = new ManualClock(now);
  const e = new Expectations(clock);
  assert.equal(e.satisfied('ns/rs'), true, 'nothing recorded');
  e.expectCreations('ns/rs', 2);
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), false);
  e.lowerCreations('ns/rs', 1);
  assert.equal(e.satisfied('ns/rs'), true);
  e.expectDeletions('ns/rs', ['ns/p1', 'ns/p2']);
  e.deletionObserved('ns/rs', 'ns/p1');
  e.deletionObserved('ns/rs', 'ns/p1');
  assert.equal(e.satisfied('ns/rs'), false, 'the same deletion counts once');
  clock.advance(5 * 60 * 1000 + 1);
  assert.equal(e.satisfied('ns/rs'), true, 'expired');
});
