/** `skiff server` flags that change what the API hands out, seen through kubectl. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type TestCluster } from '../helpers/cluster';

describe('server flags', () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster({ extraArgs: ['--service-node-port-range', '31000-31002', '--simulate-nodes', '1', '--simulate-node-capacity', 'cpu=16,pods=20'] });
  });
  after(async () => {
    await c?.stop({ remove: true });
  });

  test('--service-node-port-range: NodePorts come from the range, others are refused, and it can run out', () => {
    const ports: number[] = [];
    for (const name of ['a', 'b', 'c']) {
      const r = c.kubectl(['create', 'service', 'nodeport', name, '--tcp=80:80', '-o', 'jsonpath={.spec.ports[0].nodePort}']);
      assert.equal(r.code, 0, r.stderr);
      ports.push(Number(r.stdout));
    }
    assert.deepEqual(ports.sort(), [31000, 31001, 31002]);
    const full = c.kubectl(['create', 'service', 'nodeport', 'd', '--tcp=80:80']);
    assert.notEqual(full.code, 0);
    assert.match(full.stderr, /range is full|no available|not in the valid range|allocate/i);
    const outside = c.kubectl(['create', 'service', 'nodeport', 'e', '--tcp=80:80', '--node-port=30080']);
    assert.notEqual(outside.code, 0);
    assert.match(outside.stderr, /spec\.ports\[0\]\.nodePort: Invalid value: 30080: provided port is not in the valid range\. The range of valid ports is 31000-31002/);
  });

  test('--simulate-node-capacity sets capacity and allocatable', () => {
    const r = c.kubectl(['get', 'node', 'simulated-node-0', '-o', 'jsonpath={.status.capacity.cpu} {.status.allocatable.pods} {.status.capacity.memory}']);
    assert.equal(r.stdout, '16 20 16Gi');
  });
});
