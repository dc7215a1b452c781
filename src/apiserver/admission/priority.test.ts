import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../errors';
import type { KubeObject } from '../registry/generic/strategy';
import type { Lister } from './object-cache';
import { priority } from './priority';

function classes(items: object[]): Lister {
  const list = items as KubeObject[];
  return { list: async () => list, get: async (_ns, name) => list.find((pc) => pc.metadata.name === name) };
}

const pc = (name: string, value: number, extra: object = {}) => ({ metadata: { name }, value, ...extra });
const info = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true } as never;
async function admit(store: Lister, spec: object): Promise<Record<string, unknown>> {
  const object = { metadata: { name: 'p', namespace: 'default' }, spec } as KubeObject;
  await priority(store).admit({ operation: 'CREATE', info, namespace: 'default', object });
  return object.spec as Record<string, unknown>;
}

test('a class name resolves to its value and preemption policy', async () => {
  const store = classes([pc('high', 1000, { preemptionPolicy: 'Never' })]);
  assert.deepEqual(await admit(store, { priorityClassName: 'high' }), { priorityClassName: 'high', priority: 1000, preemptionPolicy: 'Never' });
});

test('without a class: the lowest global default, else 0 and PreemptLowerPriority', async () => {
  assert.deepEqual(await admit(classes([]), {}), { priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
  const store = classes([pc('d2', 20, { globalDefault: true }), pc('d1', 5, { globalDefault: true }), pc('x', 1)]);
  assert.deepEqual(await admit(store, {}), { priorityClassName: 'd1', priority: 5, preemptionPolicy: 'PreemptLowerPriority' });
});

test('upstream refusals: unknown class, a priority that disagrees with the class', async () => {
  const store = classes([pc('high', 1000)]);
  await assert.rejects(admit(store, { priorityClassName: 'nope' }), (err: StatusError) => err.code === 403 && err.message === 'pods "p" is forbidden: no PriorityClass with name nope was found');
  await assert.rejects(
    admit(store, { priorityClassName: 'high', priority: 5 }),
    (err: StatusError) => err.message === 'pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name',
  );
  assert.equal((await admit(store, { priorityClassName: 'high', priority: 1000 })).priority, 1000);
});

test('only one global default PriorityClass', async () => {
  const store = classes([pc('d1', 5, { globalDefault: true })]);
  const pcInfo = { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', kind: 'PriorityClass', namespaced: false } as never;
  const admitClass = (obj: object, operation: 'CREATE' | 'UPDATE' = 'CREATE') => priority(store).admit({ operation, info: pcInfo, object: obj as KubeObject });
  await assert.rejects(admitClass(pc('d2', 7, { globalDefault: true })), (err: StatusError) => err.message === 'priorityclasses.scheduling.k8s.io "d2" is forbidden: PriorityClass d1 is already marked as default. Only one default can exist');
  await admitClass(pc('d1', 6, { globalDefault: true }), 'UPDATE');
  await admitClass(pc('d3', 6));
});
