import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryBackend } from '../../../../storage/memory/backend';
import { builtinResources } from '../../../../api/resources';
import { formatFieldError } from '../../../../api/validation/field-errors';
import { StatusError } from '../../../errors';
import { GenericStore } from '../../generic/store';
import type { KubeObject } from '../../generic/strategy';
import { serviceStrategy } from './strategy';
import { installServiceAllocation, keepAllocated } from './storage';
import { ServiceCidr } from './ranges';

const info = builtinResources.find((r) => r.group === '' && r.resource === 'services')!;

function setup(cidr = '10.43.0.0/16') {
  const backend = new MemoryBackend({ compactIntervalMs: 0 });
  const store = new GenericStore({ info, strategy: serviceStrategy, backend });
  installServiceAllocation(store, { backend, serviceCidr: cidr });
  return store;
}

const service = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });
const web = (name = 'web', extra: Record<string, unknown> = {}) => service(name, { selector: { app: 'web' }, ports: [{ port: 80 }], ...extra });

async function invalidMessage(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StatusError, String(err));
    assert.equal(err.code, 422);
    return err.message;
  }
  assert.fail('expected an Invalid error');
}

describe('services', () => {
  test('defaults and a ClusterIP from the range', async () => {
    const s = await setup().create('default', web());
    const spec = s.spec as any;
    assert.equal(spec.type, 'ClusterIP');
    assert.equal(spec.sessionAffinity, 'None');
    assert.deepEqual(spec.ipFamilies, ['IPv4']);
    assert.equal(spec.ipFamilyPolicy, 'SingleStack');
    assert.equal(spec.internalTrafficPolicy, 'Cluster');
    assert.equal(spec.externalTrafficPolicy, undefined);
    assert.deepEqual(spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    assert.match(spec.clusterIP, /^10\.43\.\d+\.\d+$/);
    assert.notEqual(spec.clusterIP, '10.43.0.1');
    assert.deepEqual(spec.clusterIPs, [spec.clusterIP]);
    assert.deepEqual(s.status, { loadBalancer: {} });
  });

  test('requested IPs: in range, not in use, not outside; headless', async () => {
    const store = setup();
    const a = await store.create('default', web('a', { clusterIP: '10.43.0.10' }));
    assert.deepEqual((a.spec as any).clusterIPs, ['10.43.0.10']);
    assert.equal(
      await invalidMessage(store.create('default', web('b', { clusterIP: '10.43.0.10' }))),
      'Service "b" is invalid: spec.clusterIPs: Invalid value: ["10.43.0.10"]: failed to allocate IP 10.43.0.10: provided IP is already allocated',
    );
    assert.equal(
      await invalidMessage(store.create('default', web('c', { clusterIP: '1.2.3.4' }))),
      'Service "c" is invalid: spec.clusterIPs: Invalid value: ["1.2.3.4"]: failed to allocate IP 1.2.3.4: the provided IP (1.2.3.4) is not in the valid range. The range of valid IPs is 10.43.0.0/16',
    );
    await assert.rejects(store.create('default', web('a', { clusterIP: '10.43.0.10' })), (err: StatusError) => err.code === 409);
    const h = await store.create('default', web('h', { clusterIP: 'None' }));
    assert.deepEqual((h.spec as any).clusterIPs, ['None']);
    // Deleting releases the IP; the failed creates claimed nothing.
    await store.delete('default', 'a');
    const again = await store.create('default', web('b', { clusterIP: '10.43.0.10' }));
    assert.equal((again.spec as any).clusterIP, '10.43.0.10');
  });

  test('concurrent creates never share an IP', async () => {
    const store = setup('10.50.0.0/29');
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.create('default', web(`s${i}`))));
    const ips = results.filter((r) => r.status === 'fulfilled').map((r) => ((r as PromiseFulfilledResult<KubeObject>).value.spec as any).clusterIP);
    // A /29 has 6 usable addresses; the first is kept for `kubernetes`.
    assert.equal(ips.length, 5);
    assert.equal(new Set(ips).size, 5);
  });

  test('NodePort allocation, requested ports, conflicts and range', async () => {
    const store = setup();
    const np = await store.create('default', web('np', { type: 'NodePort' }));
    const port = (np.spec as any).ports[0].nodePort;
    assert.ok(port >= 30000 && port <= 32767, String(port));
    assert.equal((np.spec as any).externalTrafficPolicy, 'Cluster');
    const fixed = await store.create('default', web('fixed', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    assert.equal((fixed.spec as any).ports[0].nodePort, 30080);
    assert.equal(
      await invalidMessage(store.create('default', web('dup', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))),
      'Service "dup" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    assert.equal(
      await invalidMessage(store.create('default', web('far', { type: 'NodePort', ports: [{ port: 80, nodePort: 40000 }] }))),
      'Service "far" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    // An update without node ports keeps them; going back to ClusterIP releases them.
    const updated = await store.update('default', 'fixed', web('fixed', { type: 'NodePort', ports: [{ port: 80 }] }));
    assert.equal((updated.spec as any).ports[0].nodePort, 30080);
    assert.equal((updated.spec as any).clusterIP, (fixed.spec as any).clusterIP);
    await store.update('default', 'fixed', web('fixed', { type: 'ClusterIP', ports: [{ port: 80 }] }));
    const reuse = await store.create('default', web('reuse', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    assert.equal((reuse.spec as any).ports[0].nodePort, 30080);
  });

  test('clusterIP may not change once set', async () => {
    const store = setup();
    const s = await store.create('default', web('w', { clusterIP: '10.43.0.20' }));
    assert.equal(
      await invalidMessage(store.update('default', 'w', { ...s, spec: { ...(s.spec as object), clusterIP: '10.43.0.21', clusterIPs: ['10.43.0.21'] } })),
      'Service "w" is invalid: spec.clusterIPs[0]: Invalid value: ["10.43.0.21"]: may not change once set',
    );
  });

  test('validation messages', () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['no ports', { selector: { a: 'b' } }, ['spec.ports: Required value']],
      ['unnamed second port', { ports: [{ port: 80, name: 'http' }, { port: 443 }] }, ['spec.ports[1].name: Required value']],
      [
        'bad port',
        { ports: [{ port: 0 }] },
        ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive', 'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive'],
      ],
      ['bad type', { type: 'Magic', ports: [{ port: 80 }] }, ['spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
      ['nodePort on ClusterIP', { ports: [{ port: 80, nodePort: 30001 }] }, ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
      ['bad IP', { clusterIP: 'abc', ports: [{ port: 80 }] }, ['spec.clusterIPs[0]: Invalid value: "abc": must be empty, \'None\', or a valid IP address']],
    ];
    for (const [name, spec, want] of cases) {
      const obj = service('x', spec);
      serviceStrategy.defaults!(obj);
      assert.deepEqual(serviceStrategy.validate(obj).map(formatFieldError), want, name);
    }
  });

  test('table rows', () => {
    const now = Date.parse('2024-01-01T00:00:30Z');
    const row = (spec: Record<string, unknown>, status: object = {}) => serviceStrategy.row({ metadata: { name: 's', creationTimestamp: '2024-01-01T00:00:00Z' }, spec, status }, now);
    assert.deepEqual(row({ type: 'ClusterIP', clusterIPs: ['10.43.0.5'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'web' } }), ['s', 'ClusterIP', '10.43.0.5', '<none>', '80/TCP', '30s', 'app=web']);
    assert.deepEqual(row({ type: 'NodePort', clusterIPs: ['10.43.0.6'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP', nodePort: 30053 }] }), ['s', 'NodePort', '10.43.0.6', '<none>', '80:30080/TCP,53:30053/UDP', '30s', '<none>']);
    assert.deepEqual(row({ type: 'LoadBalancer', clusterIPs: ['10.43.0.7'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] }), ['s', 'LoadBalancer', '10.43.0.7', '<pending>', '443:31443/TCP', '30s', '<none>']);
    assert.deepEqual(row({ type: 'ClusterIP', clusterIPs: ['None'] }), ['s', 'ClusterIP', 'None', '<none>', '<none>', '30s', '<none>']);
    assert.deepEqual(row({ type: 'ExternalName', externalName: 'example.com', ports: [] }), ['s', 'ExternalName', '<none>', 'example.com', '<none>', '30s', '<none>']);
    assert.deepEqual(serviceStrategy.columns.map((c) => [c.name, c.priority ?? 0]), [['Name', 0], ['Type', 0], ['Cluster-IP', 0], ['External-IP', 0], ['Port(s)', 0], ['Age', 0], ['Selector', 1]]);
  });

  test('ranges and keepAllocated', () => {
    const r = new ServiceCidr('10.43.0.0/16');
    assert.equal(r.at(1), '10.43.0.1');
    assert.ok(r.contains('10.43.255.254'));
    assert.ok(!r.contains('10.43.255.255'));
    assert.ok(!r.contains('10.44.0.1'));
    const obj = web('x', { type: 'ExternalName', externalName: 'a.example' });
    keepAllocated(obj, web('x', { clusterIP: '10.43.0.9', clusterIPs: ['10.43.0.9'] }));
    assert.equal((obj.spec as any).clusterIP, undefined);
  });
});
