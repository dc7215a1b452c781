import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBackend } from '../../storage';
import { registerBuiltins } from '../registry/builtin';
import { Registry } from '../registry/registry';
import type { KubeObject } from '../registry/generic/strategy';
import { ServiceAccountTokens } from '../serviceaccount/tokens';
import { generateKeyPairSync } from 'node:crypto';
import { ObjectCache } from './object-cache';

const cm = (namespace: string, name: string, value = '1'): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { value } });

test('ObjectCache: every answered write is already in the cache, on SQLite with its fsync off the event loop; a name it misses is read from storage', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-object-cache-'));
  const backend = openBackend(undefined, { dataDir: dir });
  const registry = new Registry({ backend });
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keys = { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  registerBuiltins(registry, { tokens: new ServiceAccountTokens({ keys }) });
  const store = () => registry.store('', 'configmaps');
  const cache = new ObjectCache(store);
  try {
    await store().create('a', cm('a', 'before'));
    assert.deepEqual((await cache.list('a')).map((o) => o.metadata.name), ['before'], 'what existed before the first read is listed');
    assert.deepEqual(await cache.list('b'), []);
    for (let i = 0; i < 20; i++) {
      await store().create('b', cm('b', `c${i}`));
      assert.equal((await cache.get('b', `c${i}`))?.metadata.name, `c${i}`, 'a create is seen as soon as it is answered');
    }
    await store().guaranteedUpdate('a', 'before', (o) => ({ ...o, data: { value: '2' } }));
    assert.deepEqual((await cache.get('a', 'before'))?.data, { value: '2' });
    await store().delete('a', 'before');
    assert.equal(await cache.get('a', 'before'), undefined);
    assert.deepEqual(await cache.list('a'), []);
    assert.equal((await cache.list('b')).length, 20);
    // Written behind the cache's back (another server on the same datastore): found by name all the same.
    const other = openBackend(undefined, { dataDir: dir });
    await other.create(store().keys.key('a', 'elsewhere'), JSON.stringify(cm('a', 'elsewhere')));
    await other.close();
    assert.equal((await cache.list('a')).length, 0, 'this server saw no event of it');
    assert.equal((await cache.get('a', 'elsewhere'))?.metadata.name, 'elsewhere');
    assert.equal(await cache.get('a', 'nowhere'), undefined);
    cache.stop();
  } finally {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
