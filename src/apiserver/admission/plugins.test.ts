import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceInfo } from '../../api/resources';
import { StatusError } from '../errors';
import type { GenericStore } from '../registry/generic/store';
import type { KubeObject } from '../registry/generic/strategy';
import { resourceQuota } from './resource-quota';
import { defaultStorageClass } from './default-storage-class';
import { limitRanger } from './limit-ranger';
import type { Lister } from './object-cache';

/** The quota plugin over `objects` (only quotas): read through a lister, charged through the store. */
const quotaPlugin = (objects: KubeObject[]) => resourceQuota(() => fakeStore(objects), listerOf(objects), () => 0);

/** A lister over an array the test (or a fake store) changes in place. */
function listerOf(objects: KubeObject[]): Lister {
  return { list: async () => structuredClone(objects), get: async (_ns, name) => structuredClone(objects.find((o) => o.metadata.name === name)) };
}

/** A store of a few objects: list, and guaranteedUpdate by compare-and-swap on the object, retried as the real one. */
function fakeStore(objects: KubeObject[]): GenericStore {
  return {
    list: async () => ({ items: structuredClone(objects) }),
    get: async (_ns: string, name: string) => structuredClone(objects.find((o) => o.metadata.name === name)!),
    guaranteedUpdate: async (_ns: string, name: string, mutate: (o: KubeObject) => KubeObject) => {
      const i = objects.findIndex((o) => o.metadata.name === name);
      for (;;) {
        const seen = objects[i]!;
        const next = await mutate(structuredClone(seen));
        if (objects[i] !== seen) continue;
        objects[i] = next;
        return next;
      }
    },
  } as unknown as GenericStore;
}

const podsInfo = { group: '', resource: 'pods', namespaced: true } as ResourceInfo;
const quota = (hard: Record<string, string>, used: Record<string, string>): KubeObject => ({ metadata: { name: 'q', namespace: 'ns' }, spec: { hard }, status: { hard, used } });
const pod = (name: string, cpu?: string): KubeObject => ({ metadata: { name }, spec: { containers: [{ name: 'c', resources: cpu ? { requests: { cpu } } : {} }] } });

async function refusal(p: Promise<void>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StatusError);
    assert.equal(err.code, 403);
    return err.message;
  }
  assert.fail('admitted');
}

test('exceeded quota is refused with upstream text; an admitted pod is charged', async () => {
  const objects = [quota({ pods: '2', 'requests.cpu': '1' }, { pods: '1', 'requests.cpu': '100m' })];
  const plugin = quotaPlugin(objects);
  await plugin.admit({ operation: 'CREATE', info: podsInfo, namespace: 'ns', object: pod('p2', '200m') });
  assert.deepEqual((objects[0]!.status as { used: unknown }).used, { pods: '2', 'requests.cpu': '300m' });
  const msg = await refusal(plugin.admit({ operation: 'CREATE', info: podsInfo, namespace: 'ns', object: pod('p3', '100m') }));
  assert.equal(msg, 'pods "p3" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2');
});

test('a pod without the tracked requests is refused; unknown status is refused', async () => {
  const plugin = quotaPlugin([quota({ 'requests.cpu': '1' }, {})]);
  assert.equal(await refusal(plugin.admit({ operation: 'CREATE', info: podsInfo, namespace: 'ns', object: pod('bare') })), 'pods "bare" is forbidden: failed quota: q: must specify requests.cpu for: c');
  const fresh = quotaPlugin([{ metadata: { name: 'q', namespace: 'ns' }, spec: { hard: { pods: '1' } } }]);
  assert.equal(await refusal(fresh.admit({ operation: 'CREATE', info: podsInfo, namespace: 'ns', object: pod('p') })), 'pods "p" is forbidden: status unknown for quota: q, resource: pods');
});

test('concurrent creates cannot both take the last unit', async () => {
  const objects = [quota({ pods: '2' }, { pods: '1' })];
  const plugin = quotaPlugin(objects);
  const results = await Promise.allSettled([1, 2, 3].map((i) => plugin.admit({ operation: 'CREATE', info: podsInfo, namespace: 'ns', object: pod(`p${i}`) })));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  assert.equal((objects[0]!.status as { used: { pods: string } }).used.pods, '2');
});

test('DefaultStorageClass: the newest default class fills an unset storageClassName, "" is kept', async () => {
  const classes = [
    { metadata: { name: 'old', creationTimestamp: '2026-01-01T00:00:00Z', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } },
    { metadata: { name: 'new', creationTimestamp: '2026-02-01T00:00:00Z', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } },
    { metadata: { name: 'plain', creationTimestamp: '2026-03-01T00:00:00Z' } },
  ];
  const plugin = defaultStorageClass(() => fakeStore(classes));
  const info = { group: '', resource: 'persistentvolumeclaims', namespaced: true } as ResourceInfo;
  const unset: KubeObject = { metadata: { name: 'a' }, spec: {} };
  await plugin.admit({ operation: 'CREATE', info, namespace: 'ns', object: unset });
  assert.equal((unset.spec as { storageClassName: string }).storageClassName, 'new');
  const none: KubeObject = { metadata: { name: 'b' }, spec: { storageClassName: '' } };
  await plugin.admit({ operation: 'CREATE', info, namespace: 'ns', object: none });
  assert.equal((none.spec as { storageClassName: string }).storageClassName, '');
});

test('an update is charged for what it adds: a Service turned NodePort takes node ports', async () => {
  const quotas = [quota({ 'services.nodeports': '1' }, { 'services.nodeports': '0' })];
  const services = [{ metadata: { name: 'web', namespace: 'ns' }, spec: { type: 'ClusterIP', ports: [{ port: 80 }, { port: 81 }] } }];
  const plugin = resourceQuota((_g, resource) => fakeStore(resource === 'services' ? services : quotas), listerOf(quotas), () => 0);
  const info = { group: '', resource: 'services', namespaced: true } as ResourceInfo;
  const nodePort = { ...services[0]!, spec: { ...services[0]!.spec, type: 'NodePort' } };
  const msg = await refusal(plugin.admit({ operation: 'UPDATE', info, namespace: 'ns', name: 'web', object: nodePort }));
  assert.equal(msg, 'services "web" is forbidden: exceeded quota: q, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1');
  await plugin.admit({ operation: 'UPDATE', info, namespace: 'ns', name: 'web', object: structuredClone(services[0]!) });
});

test('LimitRanger: defaults into containers with the annotation; min/max refused with upstream wording', async () => {
  const ranges = [{ metadata: { name: 'lr' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' }, max: { cpu: '1', memory: '1Gi' } }] } }];
  const plugin = limitRanger(listerOf(ranges));
  const p: KubeObject = { metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }, { name: 'd', resources: { limits: { cpu: '200m' } } }] } };
  await plugin.admit({ operation: 'CREATE', info: podsInfo, namespace: 'ns', object: p });
  const containers = (p.spec as { containers: { resources: unknown }[] }).containers;
  assert.deepEqual(containers[0]!.resources, { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '100m', memory: '1Gi' } });
  assert.deepEqual(containers[1]!.resources, { limits: { cpu: '200m', memory: '1Gi' }, requests: { cpu: '200m', memory: '1Gi' } });
  assert.equal(p.metadata.annotations!['kubernetes.io/limit-ranger'], 'LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c; memory request for container d; memory limit for container d');
  const big: KubeObject = { metadata: { name: 'big' }, spec: { containers: [{ name: 'c', resources: { limits: { cpu: '2' } } }] } };
  assert.equal(await refusal(plugin.admit({ operation: 'CREATE', info: podsInfo, namespace: 'ns', object: big })), 'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
});

test('a dry run is checked against the quota but not charged', async () => {
  const objects = [quota({ pods: '2' }, { pods: '1' })];
  const plugin = quotaPlugin(objects);
  await plugin.admit({ operation: 'CREATE', info: podsInfo, namespace: 'ns', object: pod('p'), dryRun: true });
  assert.equal((objects[0]!.status as { used: { pods: string } }).used.pods, '1');
  const full = quotaPlugin([quota({ pods: '1' }, { pods: '1' })]);
  assert.match(await refusal(full.admit({ operation: 'CREATE', info: podsInfo, namespace: 'ns', object: pod('p'), dryRun: true })), /exceeded quota: q/);
});

test('a refused object without a name yet is named by its generateName, as upstream', async () => {
  const plugin = quotaPlugin([quota({ pods: '1' }, { pods: '1' })]);
  const generated: KubeObject = { metadata: { generateName: 'web-7d4b9c-' }, spec: { containers: [{ name: 'c' }] } };
  assert.match(await refusal(plugin.admit({ operation: 'CREATE', info: podsInfo, namespace: 'ns', object: generated })), /^pods "web-7d4b9c-" is forbidden: exceeded quota/);
});
