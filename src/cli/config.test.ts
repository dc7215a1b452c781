import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServerConfig, ConfigError } from './config';

test('simulated node capacity: flag list, config-file map, defaults and bad values', () => {
  assert.deepEqual(buildServerConfig({ dataDir: '/tmp/x' }).simulateNodeCapacity, {});
  assert.deepEqual(buildServerConfig({ simulateNodeCapacity: 'cpu=8,memory=32Gi' }).simulateNodeCapacity, { cpu: '8', memory: '32Gi' });
  assert.deepEqual(buildServerConfig({}, { simulateNodeCapacity: { pods: 250, cpu: '500m' } }).simulateNodeCapacity, { pods: '250', cpu: '500m' });
  assert.throws(() => buildServerConfig({ simulateNodeCapacity: 'gpu=1' }), (e: Error) => e instanceof ConfigError && /unknown resource "gpu"/.test(e.message));
  assert.throws(() => buildServerConfig({ simulateNodeCapacity: 'cpu=lots' }), /cpu: "lots" is not a positive quantity/);
  assert.throws(() => buildServerConfig({ simulateNodeCapacity: 'memory' }), /memory: "" is not a positive quantity/);
  assert.throws(() => buildServerConfig({ simulateNodeCapacity: 'cpu=0' }), /not a positive quantity/);
});

test('flags win over the config file; bad values are named by flag', () => {
  const c = buildServerConfig({ httpsListenPort: '0', simulateNodes: '3' }, { httpsListenPort: 7443, simulateNodes: 1, nodeName: 'EDGE-1' });
  assert.equal(c.httpsListenPort, 0);
  assert.equal(c.simulateNodes, 3);
  assert.equal(c.nodeName, 'edge-1');
  assert.throws(() => buildServerConfig({ simulateNodes: '-1' }), /simulate-nodes/);
});

test('--service-node-port-range', () => {
  assert.equal(buildServerConfig({}).serviceNodePortRange, '30000-32767');
  assert.equal(buildServerConfig({ serviceNodePortRange: '31000-31009' }).serviceNodePortRange, '31000-31009');
  for (const bad of ['31000', '32000-31000', '0-10', '30000-70000', 'a-b'])
    assert.throws(() => buildServerConfig({ serviceNodePortRange: bad }), /--service-node-port-range: invalid port range/, bad);
});

test('--disable: repeatable and comma-separated packaged components, checked', () => {
  assert.deepEqual(buildServerConfig({}).disable, []);
  assert.deepEqual(buildServerConfig({ disable: ['local-storage', 'traefik,servicelb'] }).disable, ['local-storage', 'traefik', 'servicelb']);
  assert.deepEqual(buildServerConfig({}, { disable: ['local-storage'] }).disable, ['local-storage']);
  assert.throws(() => buildServerConfig({ disable: ['local-path'] }), /--disable: unknown component "local-path" \(valid items: coredns, servicelb, traefik, local-storage, metrics-server, runtimes\)/);
});
