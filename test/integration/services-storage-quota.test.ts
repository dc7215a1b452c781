/**
 * Services, storage and quota with the real kubectl on two simulated nodes: Endpoints and EndpointSlices
 * of labelled pods behind a Service (terminating endpoints while a pod is deleted), a ResourceQuota that
 * refuses the third pod with upstream's message, and a claim of the default local-path class that binds
 * when its pod is scheduled, has its directory under the data dir, and goes with its volume and directory.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type TestCluster } from '../helpers/cluster';
import { waitFor } from './kubectl-suite';

describe('services, storage and quota', () => {
  let c: TestCluster;
  before(async () => {
    // A data dir of our own, to look for the volumes' directories in.
    c = await startCluster({ dataDir: mkdtempSync(join(tmpdir(), 'skiff-storage-')), extraArgs: ['--simulate-nodes', '2'] });
  });
  after(async () => {
    await c?.stop({ remove: true });
  });
  const k = (args: string[], input?: string) => c.kubectl(args, { input });
  const ok = (args: string[], input?: string) => {
    const r = k(args, input);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const json = (args: string[]) => JSON.parse(ok([...args, '-o', 'json']));
  const pod = (name: string, ns: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: ns, labels: { app: 'web' }, ...extra },
      spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
    });

  test('labelled pods behind a Service give Endpoints and EndpointSlices with their IPs', async () => {
    ok(['create', 'namespace', 'svc']);
    ok(['apply', '-f', '-'], pod('a', 'svc'));
    ok(['apply', '-f', '-'], pod('b', 'svc', { finalizers: ['skiff.dev/test-hold'] }));
    ok(['create', 'service', 'clusterip', 'web', '-n', 'svc', '--tcp=80:8080']);
    ok(['patch', 'service', 'web', '-n', 'svc', '--type=merge', '-p', '{"spec":{"selector":{"app":"web"},"ports":[{"name":"web","port":80,"targetPort":"http"}]}}']);
    const ips = () => ok(['get', 'pods', '-n', 'svc', '-o', 'jsonpath={.items[*].status.podIP}']).trim().split(/\s+/).filter(Boolean).sort();
    await waitFor(() => ips().length === 2, 15_000, () => `pod IPs: ${ips()}`);
    const epIPs = () => ok(['get', 'endpoints', 'web', '-n', 'svc', '-o', 'jsonpath={.subsets[*].addresses[*].ip}']).trim().split(/\s+/).filter(Boolean).sort();
    await waitFor(() => k(['get', 'endpoints', 'web', '-n', 'svc']).code === 0 && epIPs().join() === ips().join(), 15_000, () => `endpoints ${epIPs()} vs ${ips()}`);
    const ep = json(['get', 'endpoints', 'web', '-n', 'svc']);
    assert.deepEqual(ep.subsets[0].ports, [{ name: 'web', port: 8080, protocol: 'TCP' }]);
    assert.equal(ep.subsets[0].addresses[0].targetRef.kind, 'Pod');
    assert.match(ep.subsets[0].addresses[0].nodeName, /^simulated-node-\d$/);
    assert.match(ep.metadata.annotations['endpoints.kubernetes.io/last-change-trigger-time'], /^\d{4}-\d\d-\d\dT/);
    const slices = json(['get', 'endpointslices', '-n', 'svc', '-l', 'kubernetes.io/service-name=web']).items;
    assert.equal(slices.length, 1);
    const slice = slices[0];
    assert.match(slice.metadata.name, /^web-[a-z0-9]{5}$/);
    assert.equal(slice.metadata.labels['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
    assert.equal(slice.addressType, 'IPv4');
    assert.deepEqual(slice.endpoints.map((e: { addresses: string[] }) => e.addresses[0]).sort(), ips());
    assert.deepEqual(slice.endpoints[0].conditions, { ready: true, serving: true, terminating: false });
    assert.match(ok(['get', 'endpoints', 'web', '-n', 'svc']), /web\s+10\.42\.\d+\.\d+:8080,10\.42\.\d+\.\d+:8080/);
  });

  test('a deleted pod leaves them, terminating in the slice while it terminates', async () => {
    const bIP = ok(['get', 'pod', 'b', '-n', 'svc', '-o', 'jsonpath={.status.podIP}']);
    ok(['delete', 'pod', 'b', '-n', 'svc', '--wait=false']);
    const endpointOf = () => json(['get', 'endpointslices', '-n', 'svc', '-l', 'kubernetes.io/service-name=web']).items[0].endpoints.find((e: { addresses: string[] }) => e.addresses[0] === bIP);
    await waitFor(() => endpointOf()?.conditions.terminating === true, 15_000, () => JSON.stringify(endpointOf()));
    assert.deepEqual(endpointOf().conditions, { ready: false, serving: true, terminating: true });
    const epIPs = () => ok(['get', 'endpoints', 'web', '-n', 'svc', '-o', 'jsonpath={.subsets[*].addresses[*].ip}']);
    await waitFor(() => !epIPs().includes(bIP), 15_000, () => epIPs());
    ok(['patch', 'pod', 'b', '-n', 'svc', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await waitFor(() => endpointOf() === undefined, 15_000, () => JSON.stringify(endpointOf()));
  });

  test('a quota refuses the third pod with upstream message; describe quota shows used/hard', async () => {
    ok(['create', 'namespace', 'quota']);
    ok(['create', 'quota', 'q', '-n', 'quota', '--hard=pods=2,requests.cpu=1']);
    await waitFor(() => ok(['get', 'quota', 'q', '-n', 'quota', '-o', 'jsonpath={.status.used.pods}']) === '0', 15_000, () => 'quota status never set');
    ok(['apply', '-f', '-'], pod('p1', 'quota'));
    // A server-side dry run is checked, never charged.
    ok(['apply', '--dry-run=server', '-f', '-'], pod('dry', 'quota'));
    assert.equal(ok(['get', 'quota', 'q', '-n', 'quota', '-o', 'jsonpath={.status.used.pods}']), '1');
    ok(['apply', '-f', '-'], pod('p2', 'quota'));
    const third = k(['apply', '-f', '-'], pod('p3', 'quota'));
    assert.notEqual(third.code, 0);
    assert.match(third.stderr, /pods "p3" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2/);
    const noRequests = k(['run', 'bare', '-n', 'quota', '--image=nginx']);
    assert.match(noRequests.stderr, /pods "bare" is forbidden: failed quota: q: must specify requests.cpu for: bare/);
    const describe = ok(['describe', 'quota', 'q', '-n', 'quota']);
    assert.match(describe, /^pods\s+2\s+2$/m);
    assert.match(describe, /^requests.cpu\s+200m\s+1$/m);
    ok(['delete', 'pod', 'p1', '-n', 'quota']);
    await waitFor(() => ok(['get', 'quota', 'q', '-n', 'quota', '-o', 'jsonpath={.status.used.pods}']) === '1', 15_000, () => 'used never went down');
    ok(['apply', '-f', '-'], pod('p3', 'quota'));
  });

  test('a LimitRange fills in requests and limits, and refuses a container over its max', () => {
    ok(['create', 'namespace', 'limits']);
    const range = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'limits' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' }, max: { cpu: '1' } }] } };
    ok(['apply', '-f', '-'], JSON.stringify(range));
    ok(['run', 'defaulted', '-n', 'limits', '--image=nginx']);
    const p = json(['get', 'pod', 'defaulted', '-n', 'limits']);
    assert.deepEqual(p.spec.containers[0].resources, { limits: { cpu: '500m' }, requests: { cpu: '100m' } });
    assert.equal(p.metadata.annotations['kubernetes.io/limit-ranger'], 'LimitRanger plugin set: cpu request for container defaulted; cpu limit for container defaulted');
    const big = k(['run', 'big', '-n', 'limits', '--image=nginx', '--overrides={"spec":{"containers":[{"name":"big","image":"nginx","resources":{"limits":{"cpu":"2"}}}]}}']);
    assert.match(big.stderr, /pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2/);
  });

  test('a static volume binds the smallest fitting claim-less volume; Retain leaves it Released', async () => {
    const pv = (name: string, size: string) => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: `/tmp/${name}` } } });
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pv('static-big', '10Gi'), pv('static-small', '2Gi')] }));
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'static', namespace: 'default' }, spec: { storageClassName: '', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    ok(['apply', '-f', '-'], JSON.stringify(claim));
    const phases = () => ok(['get', 'pv/static-small', 'pvc/static', '-o', 'jsonpath={.items[*].status.phase}']);
    await waitFor(() => phases() === 'Bound Bound', 15_000, () => phases());
    assert.match(ok(['get', 'pvc', 'static']), /^static\s+Bound\s+static-small\s+2Gi\s+RWO\s+<unset>/m);
    assert.equal(ok(['get', 'pv', 'static-big', '-o', 'jsonpath={.status.phase}']), 'Available');
    ok(['delete', 'pvc', 'static']);
    await waitFor(() => ok(['get', 'pv', 'static-small', '-o', 'jsonpath={.status.phase}']) === 'Released', 15_000, () => 'never Released');
    assert.match(ok(['get', 'pv', 'static-small']), /static-small\s+2Gi\s+RWO\s+Retain\s+Released\s+default\/static/);
  });

  test('a local volume of a no-provisioner WaitForFirstConsumer class draws its pod to its node', async () => {
    const sc = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local-storage' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' };
    const affinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['simulated-node-1'] }] }] } };
    const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'local-1' }, spec: { storageClassName: 'local-storage', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], local: { path: '/mnt/disk' }, nodeAffinity: affinity } };
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'local', namespace: 'default' }, spec: { storageClassName: 'local-storage', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const user = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'local-user', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'local' } }] } };
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [sc, pv, claim, user] }));
    const node = () => ok(['get', 'pod', 'local-user', '-o', 'jsonpath={.spec.nodeName}']);
    await waitFor(() => node() !== '', 20_000, () => 'pod never scheduled');
    assert.equal(node(), 'simulated-node-1');
    assert.equal(ok(['get', 'pvc', 'local', '-o', 'jsonpath={.spec.volumeName} {.status.phase}']), 'local-1 Bound');
  });

  test('a claim of the default class binds when its pod is scheduled; deleting it removes volume and directory', async () => {
    assert.match(ok(['get', 'storageclass']), /^local-path \(default\)\s+rancher\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false/m);
    ok(['create', 'namespace', 'storage']);
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'storage' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    ok(['apply', '-f', '-'], JSON.stringify(claim));
    assert.equal(ok(['get', 'pvc', 'data', '-n', 'storage', '-o', 'jsonpath={.spec.storageClassName}']), 'local-path');
    await waitFor(() => ok(['get', 'pvc', 'data', '-n', 'storage', '-o', 'jsonpath={.status.phase}']) === 'Pending', 10_000, () => 'claim never Pending');
    assert.match(ok(['describe', 'pvc', 'data', '-n', 'storage']), /WaitForFirstConsumer\s+.*waiting for first consumer to be created before binding/);
    const user = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'user', namespace: 'storage' }, spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'data' } }] } };
    ok(['apply', '-f', '-'], JSON.stringify(user));
    const phase = () => ok(['get', 'pvc', 'data', '-n', 'storage', '-o', 'jsonpath={.status.phase}']);
    await waitFor(() => phase() === 'Bound', 20_000, () => `claim is ${phase()}`);
    const pvc = json(['get', 'pvc', 'data', '-n', 'storage']);
    const node = ok(['get', 'pod', 'user', '-n', 'storage', '-o', 'jsonpath={.spec.nodeName}']);
    assert.equal(pvc.metadata.annotations['volume.kubernetes.io/selected-node'], node);
    assert.equal(pvc.metadata.annotations['pv.kubernetes.io/bind-completed'], 'yes');
    const pv = json(['get', 'pv', pvc.spec.volumeName]);
    assert.equal(pv.status.phase, 'Bound');
    assert.equal(pv.spec.claimRef.name, 'data');
    assert.deepEqual(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values, [node]);
    const dir = pv.spec.hostPath.path;
    assert.equal(dir, join(c.dataDir, 'storage', `${pvc.spec.volumeName}_storage_data`));
    assert.ok(existsSync(dir), `${dir} exists`);
    ok(['delete', 'pod', 'user', '-n', 'storage']);
    ok(['delete', 'pvc', 'data', '-n', 'storage']);
    await waitFor(() => k(['get', 'pv', pvc.spec.volumeName]).code !== 0, 20_000, () => ok(['get', 'pv']));
    assert.ok(!existsSync(dir), `${dir} removed`);
  });
});
