import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { desiredSubsets } from './subsets';
import { findPort, lastChangeTriggerTime, selectsPod, serviceLabels } from './pods';

const service = (spec: Service['spec']): Service => ({ metadata: { name: 'web', namespace: 'ns', creationTimestamp: '2026-01-01T00:00:00Z' }, spec });
function pod(name: string, ip: string, opts: { ready?: boolean; deleting?: boolean; phase?: string; labels?: Record<string, string> } = {}): Pod {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels: opts.labels ?? { app: 'web' }, deletionTimestamp: opts.deleting ? '2026-01-01T00:01:00Z' : undefined },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] }] },
    status: { phase: opts.phase ?? 'Running', podIP: ip, conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True', lastTransitionTime: '2026-01-01T00:00:30Z' }] },
  };
}

test('subsets: ready and not-ready addresses sorted by IP, named targetPort resolved', () => {
  const svc = service({ selector: { app: 'web' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] });
  const subsets = desiredSubsets(svc, [pod('b', '10.42.0.10'), pod('a', '10.42.0.9'), pod('c', '10.42.1.2', { ready: false })]);
  assert.equal(subsets.length, 1);
  assert.deepEqual(subsets[0]!.addresses!.map((a) => a.ip), ['10.42.0.9', '10.42.0.10']);
  assert.deepEqual(subsets[0]!.notReadyAddresses!.map((a) => a.ip), ['10.42.1.2']);
  assert.deepEqual(subsets[0]!.ports, [{ name: 'web', port: 8080, protocol: 'TCP' }]);
  assert.deepEqual(subsets[0]!.addresses![0]!.targetRef, { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' });
  assert.equal(subsets[0]!.addresses![0]!.nodeName, 'n1');
});

test('subsets: terminating and finished pods are left out unless publishNotReadyAddresses', () => {
  const pods = [pod('a', '10.0.0.1', { deleting: true }), pod('b', '10.0.0.2', { phase: 'Succeeded' }), pod('c', '10.0.0.3', { ready: false })];
  const plain = desiredSubsets(service({ selector: { app: 'web' }, ports: [{ port: 80 }] }), pods);
  assert.equal(plain[0]!.addresses, undefined);
  assert.deepEqual(plain[0]!.notReadyAddresses!.map((a) => a.ip), ['10.0.0.3']);
  const publish = desiredSubsets(service({ selector: { app: 'web' }, ports: [{ port: 80 }], publishNotReadyAddresses: true }), pods);
  assert.deepEqual(publish[0]!.addresses!.map((a) => a.ip), ['10.0.0.1', '10.0.0.3']);
  assert.deepEqual(publish[0]!.ports, [{ name: '', port: 80, protocol: 'TCP' }]);
});

test('subsets: a pod without the named port is left out; no pods give no subsets', () => {
  const svc = service({ selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'metrics' }] });
  assert.deepEqual(desiredSubsets(svc, [pod('a', '10.0.0.1')]), []);
  assert.equal(findPort(pod('a', '1.1.1.1'), { port: 80, targetPort: 'http' }), 8080);
  assert.equal(findPort(pod('a', '1.1.1.1'), { port: 80 }), 80);
});

test('selector: nil selects nothing, labels must all match, trigger time is the latest change', () => {
  assert.equal(selectsPod(service({}), pod('a', '1.1.1.1')), false);
  assert.equal(selectsPod(service({ selector: { app: 'web', tier: 'x' } }), pod('a', '1.1.1.1')), false);
  assert.equal(selectsPod(service({ selector: { app: 'web' } }), pod('a', '1.1.1.1')), true);
  assert.equal(lastChangeTriggerTime(service({ selector: {} }), [pod('a', '1.1.1.1')]), '2026-01-01T00:00:30Z');
});

test('hostname when the pod subdomain is the service; headless services without ports keep addresses; labels', () => {
  const p = pod('a', '10.0.0.1');
  p.spec!.hostname = 'host-a';
  p.spec!.subdomain = 'web';
  const headless = service({ selector: { app: 'web' }, clusterIP: 'None' });
  const subsets = desiredSubsets(headless, [p]);
  assert.deepEqual(subsets, [{ addresses: [{ ip: '10.0.0.1', hostname: 'host-a', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' } }] }]);
  assert.deepEqual(serviceLabels({ ...headless, metadata: { ...headless.metadata, labels: { team: 'x' } } }), { team: 'x', 'service.kubernetes.io/headless': '' });
});
