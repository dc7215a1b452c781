/** A restart with the same data dir keeps every object, and resourceVersions keep increasing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from '../helpers/cluster';

test('objects and revisions survive a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-restart-'));
  try {
    let c = await startCluster({ dataDir });
    for (let i = 0; i < 5; i++) {
      const r = await c.http('POST', '/api/v1/namespaces/default/configmaps', { body: JSON.stringify({ metadata: { name: `keep-${i}` }, data: { i: String(i) } }) });
      assert.equal(r.status, 201, r.body);
    }
    const before = (await c.http('GET', '/api/v1/namespaces/default/configmaps')).json();
    assert.equal(await c.stop(), 0, 'clean exit on SIGTERM');

    c = await startCluster({ dataDir });
    const afterList = (await c.http('GET', '/api/v1/namespaces/default/configmaps')).json();
    assert.deepEqual(afterList.items, before.items);
    const r = await c.http('POST', '/api/v1/namespaces/default/configmaps', { body: '{"metadata":{"name":"new"}}' });
    assert.ok(Number(r.json().metadata.resourceVersion) > Number(before.metadata.resourceVersion), 'resourceVersion keeps increasing');
    const ns = c.kubectl(['get', 'ns', 'kube-system', '-o', 'name']);
    assert.equal(ns.stdout.trim(), 'namespace/kube-system');
    assert.equal(await c.stop(), 0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
