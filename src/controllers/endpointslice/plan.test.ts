import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { desiredEndpoints } from './endpoints';
import { planSlices } from './plan';

const svc: Service = { metadata: { name: 'web', namespace: 'ns', uid: 'u' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } };
const pod = (i: number, extra: { deleting?: boolean; ready?: boolean } = {}): Pod => ({
  metadata: { name: `p${i}`, namespace: 'ns', uid: `u${i}`, labels: { app: 'web' }, deletionTimestamp: extra.deleting ? '2026-01-01T00:00:00Z' : undefined },
  spec: { nodeName: 'n1', containers: [] },
  status: { phase: 'Running', podIP: `10.42.${Math.floor(i / 250)}.${(i % 250) + 1}`, conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }] },
});
const template = (ports: unknown[]): EndpointSlice => ({ metadata: { generateName: 'web-' }, addressType: 'IPv4', endpoints: [], ports: ports as EndpointSlice['ports'] });
const zoned = () => ({ metadata: { name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' } } });

test('conditions: ready pod, terminating ready pod, unready pod; zone from the node', () => {
  const groups = desiredEndpoints(svc, [pod(1), pod(2, { deleting: true }), pod(3, { ready: false })], zoned);
  const eps = [...groups.values()][0]!.endpoints;
  assert.deepEqual(eps.get('10.42.0.2')!.conditions, { ready: true, serving: true, terminating: false });
  assert.deepEqual(eps.get('10.42.0.3')!.conditions, { ready: false, serving: true, terminating: true });
  assert.deepEqual(eps.get('10.42.0.4')!.conditions, { ready: false, serving: false, terminating: false });
  assert.equal(eps.get('10.42.0.2')!.zone, 'z1');
  assert.equal(eps.get('10.42.0.2')!.nodeName, 'n1');
});

test('250 endpoints make three slices of at most 100', () => {
  const pods = Array.from({ length: 250 }, (_, i) => pod(i));
  const plan = planSlices(desiredEndpoints(svc, pods, () => undefined), [], template);
  assert.deepEqual(plan.create.map((s) => s.endpoints.length), [100, 100, 50]);
  assert.deepEqual(plan.create[0]!.ports, [{ name: 'http', port: 80, protocol: 'TCP' }]);
});

test('a removed pod updates its slice in place; a new one fills the slice being updated; nothing changed, nothing written', () => {
  const first = planSlices(desiredEndpoints(svc, [pod(1), pod(2)], () => undefined), [], template);
  const existing = first.create.map((s, i) => ({ ...s, metadata: { name: `web-${i}` } }));
  const same = planSlices(desiredEndpoints(svc, [pod(1), pod(2)], () => undefined), existing, template);
  assert.deepEqual(same, { create: [], update: [], delete: [] });
  const next = planSlices(desiredEndpoints(svc, [pod(2), pod(3)], () => undefined), existing, template);
  assert.equal(next.create.length, 0);
  assert.deepEqual(next.update[0]!.endpoints.map((e) => e.addresses[0]), ['10.42.0.3', '10.42.0.4']);
});

test('no endpoints: one empty placeholder slice, kept when it exists', () => {
  const plan = planSlices(new Map(), [], template);
  assert.equal(plan.create.length, 1);
  assert.deepEqual(plan.create[0]!.endpoints, []);
  const kept = planSlices(new Map(), [{ ...plan.create[0]!, metadata: { name: 'web-x' } }], template);
  assert.deepEqual(kept, { create: [], update: [], delete: [] });
  const stale = { ...template([{ port: 80 }]), metadata: { name: 'web-y' }, endpoints: [{ addresses: ['1.1.1.1'] }] };
  const drop = planSlices(new Map(), [stale], template);
  assert.deepEqual(drop.delete.map((s) => s.metadata?.name), ['web-y']);
  assert.equal(drop.create.length, 1);
});

test('publishNotReadyAddresses makes every endpoint ready; pods resolving different ports go to different slices', () => {
  const publish: Service = { ...svc, spec: { ...svc.spec, publishNotReadyAddresses: true, ports: [{ name: 'http', port: 80, targetPort: 'web' }] } };
  const named = (i: number, port: number): Pod => ({ ...pod(i, { ready: false }), spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'web', containerPort: port }] }] } });
  const groups = desiredEndpoints(publish, [named(1, 8080), named(2, 9090)], () => undefined);
  assert.equal(groups.size, 2);
  for (const g of groups.values()) assert.equal([...g.endpoints.values()][0]!.conditions!.ready, true);
  const plan = planSlices(groups, [], template);
  assert.deepEqual(plan.create.map((s) => s.ports![0]!.port).sort(), [8080, 9090]);
});
