import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../client/interface';
import { requiresReplenish } from './replenish';

const obj = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({ metadata: { name: 'x' }, spec, status });

test('recount only when usage can go down or change: finished pods, service type, claim size', () => {
  assert.equal(requiresReplenish('pods', obj({}, { phase: 'Running' }), obj({}, { phase: 'Succeeded' }), 0), true);
  assert.equal(requiresReplenish('pods', obj({}, { phase: 'Pending' }), obj({}, { phase: 'Running' }), 0), false);
  assert.equal(requiresReplenish('services', obj({ type: 'NodePort' }), obj({ type: 'ClusterIP' }), 0), true);
  assert.equal(requiresReplenish('services', obj({ type: 'ClusterIP' }), obj({ type: 'ClusterIP' }), 0), false);
  assert.equal(requiresReplenish('persistentvolumeclaims', obj({ resources: { requests: { storage: '1Gi' } } }), obj({ resources: { requests: { storage: '2Gi' } } }), 0), true);
  assert.equal(requiresReplenish('configmaps', obj({}), obj({}), 0), false);
});
