// The example of docs/testing-with-skiff.md, run as written; the tests after it check the doc shows it
// verbatim and that a stopped cluster leaves nothing behind.
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startCluster } from '../../src/index';
// --- example ---

test('a Deployment gets its pods on simulated nodes', { timeout: 30_000 }, async () => {
  const cluster = await startCluster({ simulatedNodes: 2 });
  const kc = new k8s.KubeConfig();
  kc.loadFromString(cluster.kubeconfig);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const core = kc.makeApiClient(k8s.CoreV1Api);

  // An informer over the pods: list, then watch, into a local cache.
  const pods = k8s.makeInformer(kc, '/api/v1/namespaces/default/pods', () => core.listNamespacedPod({ namespace: 'default' }), 'app=web');
  const running = () => pods.list().filter((p) => p.status?.phase === 'Running' && p.spec?.nodeName);
  const threeRunning = new Promise<void>((resolve) => {
    const check = () => running().length === 3 && resolve();
    pods.on('add', check);
    pods.on('update', check);
  });
  await pods.start();
  try {
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
        },
      },
    });
    await threeRunning;
    const nodes = new Set(running().map((p) => p.spec!.nodeName));
    assert.deepEqual([...nodes].sort(), ['simulated-node-0', 'simulated-node-1']);
  } finally {
    await pods.stop();
    await cluster.stop(); // frees the port, the data dir and the timers
  }
});
// --- end of example ---

test('docs/testing-with-skiff.md shows the example above, verbatim', () => {
  const source = readFileSync(__filename, 'utf8');
  const example = source.slice(source.indexOf('// --- example ---\n') + 19, source.indexOf('// --- end of example ---'));
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'testing-with-skiff.md'), 'utf8');
  assert.ok(doc.includes(example.trim()), 'the doc\'s example differs from this test; copy it over');
  assert.ok(doc.includes("import { startCluster } from 'skiff';"));
});

/** Handles the process holds, by kind (sockets, timers, …), as Node reports them. */
const handles = () => process.getActiveResourcesInfo().reduce<Record<string, number>>((m, k) => ((m[k] = (m[k] ?? 0) + 1), m), {});
const portOpen = (url: string) =>
  new Promise<boolean>((resolve) => {
    const s = connect(Number(new URL(url).port), '127.0.0.1');
    s.on('connect', () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });

test('a stopped cluster leaves nothing behind: port, data dir, sockets, timers', { timeout: 30_000 }, async () => {
  const before = handles();
  const cluster = await startCluster({ simulatedNodes: 3 });
  const kc = new k8s.KubeConfig();
  kc.loadFromString(cluster.kubeconfig);
  await kc.makeApiClient(k8s.AppsV1Api).createNamespacedDeployment({
    namespace: 'default',
    body: { metadata: { name: 'w' }, spec: { replicas: 2, selector: { matchLabels: { a: 'w' } }, template: { metadata: { labels: { a: 'w' } }, spec: { containers: [{ name: 'w', image: 'x' }] } } } },
  });
  await cluster.stop();
  assert.equal(await portOpen(cluster.url), false, 'port closed');
  assert.equal(existsSync(dirname(cluster.kubeconfigPath)), false, 'temporary data dir removed');
  let extra: string[] = [];
  for (let i = 0; i < 50; i++) {
    const now = handles();
    extra = Object.entries(now).filter(([k, n]) => n > (before[k] ?? 0)).map(([k, n]) => `${k} +${n - (before[k] ?? 0)}`);
    if (extra.length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(extra, [], 'handles left open after stop()');
});
