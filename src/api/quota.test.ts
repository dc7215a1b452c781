import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUsage, matchesScopes, objectUsage, podConstraintViolation, trackedResource } from './quota';

const pod = (containers: unknown[], status: Record<string, unknown> = { phase: 'Running' }) => ({ spec: { containers }, status });

test('pod usage: requests (defaulted from limits), limits, pods and count/pods; finished pods only count', () => {
  const u = objectUsage('', 'pods', pod([{ name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' } } }, { name: 'b', resources: { limits: { cpu: '1' } } }]), 0);
  assert.equal(u.get('pods'), 1000);
  assert.equal(u.get('count/pods'), 1000);
  assert.equal(u.get('requests.cpu'), 1100);
  assert.equal(u.get('cpu'), 1100);
  assert.equal(u.get('limits.cpu'), 1000);
  assert.equal(u.get('requests.memory'), 64 * 2 ** 20 * 1000);
  const done = objectUsage('', 'pods', pod([{ name: 'a', resources: { requests: { cpu: '1' } } }], { phase: 'Succeeded' }), 0);
  assert.deepEqual([...done.keys()], ['count/pods']);
});

test('services, claims and other kinds', () => {
  const svc = objectUsage('', 'services', { spec: { type: 'NodePort', ports: [{}, {}] } }, 0);
  assert.equal(svc.get('services'), 1000);
  assert.equal(svc.get('services.nodeports'), 2000);
  const pvc = objectUsage('', 'persistentvolumeclaims', { spec: { storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } }, 0);
  assert.equal(pvc.get('requests.storage'), 2 ** 30 * 1000);
  assert.equal(pvc.get('fast.storageclass.storage.k8s.io/persistentvolumeclaims'), 1000);
  assert.deepEqual([...objectUsage('apps', 'deployments', {}, 0).keys()], ['count/deployments.apps']);
  assert.deepEqual(trackedResource('count/deployments.apps'), { group: 'apps', resource: 'deployments' });
  assert.deepEqual(trackedResource('limits.memory'), { group: '', resource: 'pods' });
  assert.equal(trackedResource('nonsense'), undefined);
});

test('formatting as upstream quantities', () => {
  const cases: [string, number, string][] = [
    ['pods', 2000, '2'],
    ['requests.cpu', 200, '200m'],
    ['requests.cpu', 1500, '1500m'],
    ['requests.cpu', 2000, '2'],
    ['requests.memory', 128 * 2 ** 20 * 1000, '128Mi'],
    ['requests.memory', 1e11, '100M'],
    ['requests.storage', 0, '0'],
  ];
  for (const [name, v, want] of cases) assert.equal(formatUsage(name, v), want, `${name} ${v}`);
});

test('constraints: containers must state what a quota tracks (upstream wording)', () => {
  const spec = { containers: [{ name: 'b', resources: {} }, { name: 'a', resources: { requests: { cpu: '1' } } }] };
  assert.equal(podConstraintViolation(['pods', 'requests.cpu', 'limits.memory'], spec), 'must specify limits.memory for: a,b; requests.cpu for: b');
  assert.equal(podConstraintViolation(['pods'], spec), undefined);
  assert.equal(podConstraintViolation(['cpu'], { containers: [{ name: 'a', resources: { limits: { cpu: '1' } } }] }), undefined);
});

test('scopes: a scoped quota counts only the pods matching every scope', () => {
  const bestEffort = { spec: { containers: [{ name: 'a' }] } };
  const burstable = { spec: { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }], activeDeadlineSeconds: 30, priorityClassName: 'high' } };
  assert.equal(matchesScopes({ scopes: ['BestEffort'] }, '', 'pods', bestEffort), true);
  assert.equal(matchesScopes({ scopes: ['BestEffort'] }, '', 'pods', burstable), false);
  assert.equal(matchesScopes({ scopes: ['NotBestEffort', 'Terminating'] }, '', 'pods', burstable), true);
  assert.equal(matchesScopes({ scopes: ['NotTerminating'] }, '', 'pods', burstable), false);
  assert.equal(matchesScopes({ scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } }, '', 'pods', burstable), true);
  assert.equal(matchesScopes({ scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['low'] }] } }, '', 'pods', burstable), false);
  assert.equal(matchesScopes({ scopes: ['BestEffort'] }, '', 'services', {}), false);
  assert.equal(matchesScopes({}, '', 'services', {}), true);
});
