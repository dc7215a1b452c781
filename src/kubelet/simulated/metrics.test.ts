import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Informer } from '../../client/informer';
import type { KubeObject } from '../../client/interface';
import { ManualClock } from '../../util/manual-clock';
import { SimulatedMetrics } from './metrics';

function informer(objects: KubeObject[]): Informer<KubeObject> {
  return { list: () => objects, get: (key: string) => objects.find((o) => o.metadata.name === key) } as unknown as Informer<KubeObject>;
}

const pod = (name: string, node: string, containers: { name: string; cpu?: string; memory?: string }[], annotations: Record<string, string> = {}, phase = 'Running'): KubeObject => ({
  metadata: { name, namespace: 'default', labels: { app: name }, annotations },
  spec: { nodeName: node, containers: containers.map((c) => ({ name: c.name, resources: { requests: { ...(c.cpu ? { cpu: c.cpu } : {}), ...(c.memory ? { memory: c.memory } : {}) } } })) },
  status: { phase },
});

test('usage: a fraction of requests, annotations split by request, nodes the sum of their running pods', () => {
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const pods = [
    pod('plain', 'simulated-node-0', [{ name: 'c', cpu: '500m', memory: '1Gi' }]),
    pod('loaded', 'simulated-node-0', [{ name: 'a', cpu: '300m' }, { name: 'b', cpu: '100m' }], { 'skiff.dev/simulated-cpu-usage': '1', 'skiff.dev/simulated-memory-usage': '64Mi' }),
    pod('pending', 'simulated-node-1', [{ name: 'c', cpu: '1' }], {}, 'Pending'),
    pod('elsewhere', 'real-node', [{ name: 'c', cpu: '1' }]),
  ];
  const nodes = [{ metadata: { name: 'simulated-node-0', labels: { zone: 'a' } } }, { metadata: { name: 'simulated-node-1' } }];
  const m = new SimulatedMetrics({ pods: informer(pods), nodes: informer(nodes), nodeNames: ['simulated-node-0', 'simulated-node-1'], clock });
  const byName = Object.fromEntries(m.podMetrics('default').map((p) => [p.metadata.name, p]));
  assert.deepEqual(Object.keys(byName).sort(), ['loaded', 'plain']);
  assert.deepEqual(byName.plain!.containers, [{ name: 'c', usage: { cpu: '50m', memory: '107374182' } }]);
  assert.deepEqual(byName.loaded!.containers, [
    { name: 'a', usage: { cpu: '750m', memory: '32Mi' } },
    { name: 'b', usage: { cpu: '250m', memory: '32Mi' } },
  ]);
  assert.equal(byName.loaded!.timestamp, '2026-01-01T00:00:00Z');
  assert.deepEqual(byName.loaded!.metadata.labels, { app: 'loaded' });
  assert.deepEqual(m.podMetrics('other'), []);
  assert.deepEqual(m.nodeMetrics(), [
    { metadata: { name: 'simulated-node-0', labels: { zone: 'a' } }, timestamp: '2026-01-01T00:00:00Z', window: '15s', usage: { cpu: '1050m', memory: '174483046' } },
    { metadata: { name: 'simulated-node-1', labels: {} }, timestamp: '2026-01-01T00:00:00Z', window: '15s', usage: { cpu: '0', memory: '0' } },
  ]);
});
