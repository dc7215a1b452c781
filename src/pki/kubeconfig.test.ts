import assert from 'node:assert/strict';
import { readFile, readdir, stat, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { writeKubeconfig } from './kubeconfig';
import { withTempDir } from './test-helpers';

const material = {
  server: 'https://127.0.0.1:6443',
  caCert: '-----BEGIN CERTIFICATE-----\nY2E=\n-----END CERTIFICATE-----\n',
  clientCert: '-----BEGIN CERTIFICATE-----\nY2xpZW50\n-----END CERTIFICATE-----\n',
  clientKey: '-----BEGIN PRIVATE KEY-----\na2V5\n-----END PRIVATE KEY-----\n',
};

describe('writeKubeconfig', () => {
  it('writes a k3s-shaped kubeconfig with embedded base64 data, mode 0600, creating parent dirs', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'etc', 'skiff', 'skiff.yaml');
      await writeKubeconfig({ path, ...material });
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      const config = parse(await readFile(path, 'utf8'));
      assert.equal(config.apiVersion, 'v1');
      assert.equal(config.kind, 'Config');
      assert.equal(config['current-context'], 'default');
      assert.deepEqual(config.contexts, [{ name: 'default', context: { cluster: 'default', user: 'default' } }]);
      assert.equal(config.clusters[0].name, 'default');
      assert.equal(config.clusters[0].cluster.server, material.server);
      const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
      assert.equal(b64(config.clusters[0].cluster['certificate-authority-data']), material.caCert);
      assert.equal(config.users[0].name, 'default');
      assert.equal(b64(config.users[0].user['client-certificate-data']), material.clientCert);
      assert.equal(b64(config.users[0].user['client-key-data']), material.clientKey);
    });
  });

  it('replaces an existing file, which ends up 0600 even if it was 0644, leaving no temp files', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'kubeconfig.yaml');
      await writeFile(path, 'old: true\n');
      await chmod(path, 0o644);
      await writeKubeconfig({ path, ...material });
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.equal(parse(await readFile(path, 'utf8'))['current-context'], 'default');
      assert.deepEqual(await readdir(dir), ['kubeconfig.yaml']);
    });
  });

  it('uses the mode asked for', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'kubeconfig.yaml');
      await writeKubeconfig({ path, ...material, mode: 0o640 });
      assert.equal((await stat(path)).mode & 0o777, 0o640);
    });
  });
});
