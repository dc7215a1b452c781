/** startCluster, the embeddable API: two clusters in one process, driven by a real client, then gone. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { connect } from 'node:net';
import { startCluster } from '../../src/index';

const portOpen = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { port } = new URL(url);
    const s = connect(Number(port), '127.0.0.1');
    s.on('connect', () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });

test('two clusters in one process; stop() frees the port and the files', async () => {
  const k8s = await import('@kubernetes/client-node');
  const started = Date.now();
  const [a, b] = await Promise.all([startCluster(), startCluster()]);
  try {
    assert.notEqual(a.url, b.url);
    for (const c of [a, b]) {
      const kc = new k8s.KubeConfig();
      kc.loadFromString(c.kubeconfig);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `only-in-${c === a ? 'a' : 'b'}` } } });
      const names = (await core.listNamespacedConfigMap({ namespace: 'default' })).items.map((i) => i.metadata!.name);
      assert.deepEqual(names, [`only-in-${c === a ? 'a' : 'b'}`]);
    }
    console.log(`# two clusters up and answering in ${Date.now() - started} ms`);
  } finally {
    await a.stop();
    await b.stop();
  }
  for (const c of [a, b]) {
    assert.equal(await portOpen(c.url), false, 'port closed');
    assert.equal(existsSync(dirname(c.kubeconfigPath)), false, 'temporary data dir removed');
  }
});
