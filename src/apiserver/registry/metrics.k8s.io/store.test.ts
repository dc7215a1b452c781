import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MetricsSource, PodMetricsSample } from '../../../api/metrics';
import { MemoryBackend } from '../../../storage/memory/backend';
import { StatusError } from '../../errors';
import { toTable } from '../../table/convert';
import { Registry } from '../registry';
import { registerMetricsApi } from './store';

const sample = (namespace: string, name: string, labels: Record<string, string>, cpu: string): PodMetricsSample => ({
  metadata: { name, namespace, labels },
  timestamp: '2026-01-01T00:00:00Z',
  window: '15s',
  containers: [
    { name: 'a', usage: { cpu, memory: '1Mi' } },
    { name: 'b', usage: { cpu, memory: '1Mi' } },
  ],
});

function served() {
  const source: MetricsSource = {
    nodeMetrics: () => [{ metadata: { name: 'n1', labels: { zone: 'a' } }, timestamp: '2026-01-01T00:00:00Z', window: '15s', usage: { cpu: '250m', memory: '1Gi' } }],
    podMetrics: (ns) => [sample('default', 'web', { app: 'web' }, '100m'), sample('default', 'db', { app: 'db' }, '5m'), sample('other', 'web', { app: 'web' }, '1')].filter((p) => ns === undefined || p.metadata.namespace === ns),
  };
  const registry = new Registry({ backend: new MemoryBackend({ compactIntervalMs: 0 }) });
  registerMetricsApi(registry, source, () => Date.parse('2026-01-01T00:00:05Z'));
  return { pods: registry.lookup('metrics.k8s.io', 'v1beta1', 'pods')!, nodes: registry.lookup('metrics.k8s.io', 'v1beta1', 'nodes')! };
}

test('get and list read the source: namespaces, label and name selectors, creationTimestamp now', async () => {
  const { pods, nodes } = served();
  assert.deepEqual(pods.info.verbs, ['get', 'list']);
  const all = await pods.store.list(undefined, {});
  assert.deepEqual(all.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`), ['default/db', 'default/web', 'other/web']);
  const selected = await pods.store.list('default', { labelSelector: 'app=web' });
  assert.deepEqual(selected.items.map((p) => p.metadata.name), ['web']);
  assert.equal(selected.items[0]!.metadata.creationTimestamp, '2026-01-01T00:00:05Z');
  assert.deepEqual((await pods.store.list('default', { fieldSelector: 'metadata.name=db' })).items.map((p) => p.metadata.name), ['db']);
  assert.deepEqual((await nodes.store.get(undefined, 'n1')).usage, { cpu: '250m', memory: '1Gi' });
});

test('missing metrics are NotFound as metrics-server says it; watch is refused', async () => {
  const { pods, nodes } = served();
  await assert.rejects(pods.store.get('default', 'nope'), (err: unknown) => err instanceof StatusError && err.message === 'podmetrics.metrics.k8s.io "default/nope" not found');
  await assert.rejects(nodes.store.get(undefined, 'nope'), (err: unknown) => err instanceof StatusError && err.message === 'nodemetrics.metrics.k8s.io "nope" not found');
  assert.throws(() => pods.store.watch('default', {}, {} as never), (err: unknown) => err instanceof StatusError && err.code === 405);
});

test("the table sums a pod's containers: Name, cpu, memory, Window", async () => {
  const { pods } = served();
  const web = await pods.store.get('default', 'web');
  const table = toTable(pods.store.strategy, [web], { version: 'v1', now: 0 }) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
  assert.deepEqual(table.columnDefinitions.map((c) => c.name), ['Name', 'cpu', 'memory', 'Window']);
  assert.deepEqual(table.rows[0]!.cells, ['web', '200m', '2Mi', '15s']);
});
