/**
 * A real client's informer (@kubernetes/client-node) over pods survives compaction: while pods churn,
 * the server ends watches every second or two and compacts history to a few revisions, so the informer
 * resumes from a compacted resourceVersion, gets 410 Gone, relists, and ends with exactly what exists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster } from '../helpers/cluster';
import { waitFor } from './kubectl-suite';

const pod = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { churn: 'yes' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

test('a client-node informer relists after 410 Gone and converges', async () => {
  const c = await startCluster({ extraArgs: ['--min-request-timeout', '1', '--datastore-compact-interval', '200', '--datastore-compact-keep', '3', '--log-level', 'debug'] });
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(c.kubeconfig);
  const api = kc.makeApiClient(k8s.CoreV1Api);
  const ns = 'default';
  const base = `/api/v1/namespaces/${ns}/pods`;
  const informer = k8s.makeInformer(kc, base, () => api.listNamespacedPod({ namespace: ns }));
  let stopped = false;
  informer.on('error', () => {
    if (!stopped) setTimeout(() => void informer.start(), 200);
  });
  try {
    for (let i = 0; i < 5; i++) assert.equal((await c.http('POST', base, { body: pod(`seed-${i}`) })).status, 201);
    await informer.start();
    // Churn for a few seconds: creates and deletes, so history moves past what compaction keeps.
    const until = Date.now() + 6000;
    let n = 0;
    while (Date.now() < until) {
      await c.http('POST', base, { body: pod(`churn-${n}`) });
      if (n % 2 === 1) await c.http('DELETE', `${base}/churn-${n - 1}`);
      n++;
      await new Promise((r) => setTimeout(r, 20));
    }
    const truth = async () => {
      const list = (await c.http('GET', base)).json();
      return list.items.map((p: any) => `${p.metadata.name}@${p.metadata.resourceVersion}`).sort().join(',');
    };
    const cached = () => informer.list().map((p) => `${p.metadata!.name}@${p.metadata!.resourceVersion}`).sort().join(',');
    const want = await truth();
    await waitFor(() => cached() === want, 15_000, () => `informer cache differs:\n have ${cached()}\n want ${want}`);
    assert.match(c.logs(), /watch ended with an error event.*code=410/, 'the informer did get 410 Gone at least once');
  } finally {
    stopped = true;
    await informer.stop();
    await c.stop({ remove: true });
  }
});
