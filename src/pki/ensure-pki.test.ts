import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createLogger } from '../util/logger';
import { ensurePki, pkiPaths } from './ensure-pki';
import { PkiError } from './errors';
import { canonicalIp, interfaceIps } from './sans';
import { dayMs, fakeClock, withTempDir } from './test-helpers';
import { x509 } from './x509-lib';

function sansOfPem(pem: string): { dns: string[]; ips: string[] } {
  const ext = new x509.X509Certificate(pem).getExtension(x509.SubjectAlternativeNameExtension);
  const items = ext?.names.items ?? [];
  return {
    dns: items.filter((n) => n.type === 'dns').map((n) => n.value),
    ips: items.filter((n) => n.type === 'ip').map((n) => canonicalIp(n.value) ?? n.value),
  };
}

async function readAll(dir: string): Promise<Record<string, string>> {
  const paths = pkiPaths(dir);
  const out: Record<string, string> = {};
  for (const [name, path] of Object.entries(paths)) if (name !== 'dir') out[name] = await readFile(path, 'utf8');
  return out;
}

describe('ensurePki', () => {
  it('creates CA, serving and admin certificates on first start (timing reported as a diagnostic)', async (t) => {
    await withTempDir(async (dir) => {
      const tls = join(dir, 'server', 'tls');
      const started = performance.now();
      const pki = await ensurePki({ dir: tls, nodeName: 'node-a' });
      t.diagnostic(`first-start PKI took ${(performance.now() - started).toFixed(1)} ms`);

      assert.equal((await stat(tls)).mode & 0o777, 0o700);
      const paths = pkiPaths(tls);
      for (const key of [paths.caKey, paths.serverKey, paths.adminKey]) {
        assert.equal((await stat(key)).mode & 0o777, 0o600, key);
      }
      for (const cert of [paths.caCert, paths.serverCert, paths.adminCert]) {
        assert.equal((await stat(cert)).mode & 0o777, 0o644, cert);
      }
      assert.equal(await readFile(paths.serverCert, 'utf8'), pki.serverCert);
      assert.match(pki.caKey, /^-----BEGIN PRIVATE KEY-----\n/);
      assert.match(pki.serverCert, /^-----BEGIN CERTIFICATE-----\n/);
      assert.deepEqual(pki.ca, { cert: pki.caCert, key: pki.caKey });
    });
  });

  it('makes a 10-year self-signed ECDSA P-256 CA named skiff-server-ca@<seconds>', async () => {
    await withTempDir(async (dir) => {
      const clock = fakeClock(Date.UTC(2030, 0, 1));
      const pki = await ensurePki({ dir, nodeName: 'node-a', clock });
      const ca = new X509Certificate(pki.caCert);
      assert.equal(ca.subject, `CN=skiff-server-ca@${Date.UTC(2030, 0, 1) / 1000}`);
      assert.equal(ca.issuer, ca.subject);
      assert.ok(ca.ca);
      assert.ok(ca.verify(ca.publicKey));
      assert.equal(ca.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
      const years = (new x509.X509Certificate(pki.caCert).notAfter.getTime() - clock.now()) / (365 * dayMs);
      assert.ok(years > 9.9 && years < 10.1, `CA valid ${years} years`);
    });
  });

  it('puts every required name and address in the serving certificate', async () => {
    await withTempDir(async (dir) => {
      const pki = await ensurePki({
        dir,
        nodeName: 'node-a',
        hostnames: ['api.example.com', '198.51.100.9'],
        ips: ['203.0.113.5', '2001:db8::5'],
      });
      const sans = sansOfPem(pki.serverCert);
      for (const name of [
        'localhost',
        hostname().toLowerCase(),
        'node-a',
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.cluster.local',
        'api.example.com',
      ]) {
        assert.ok(sans.dns.includes(name), `DNS ${name} in ${sans.dns}`);
      }
      const machineIps = interfaceIps(networkInterfaces());
      for (const ip of ['127.0.0.1', '::1', '10.43.0.1', '198.51.100.9', '203.0.113.5', '2001:db8::5', ...machineIps]) {
        assert.ok(sans.ips.includes(ip), `IP ${ip} in ${sans.ips}`);
      }
      // Node's own reading of the certificate agrees.
      assert.match(new X509Certificate(pki.serverCert).subjectAltName ?? '', /IP Address:10\.43\.0\.1/);

      const server = new X509Certificate(pki.serverCert);
      assert.ok(server.checkIssued(new X509Certificate(pki.caCert)));
      assert.ok(server.verify(new X509Certificate(pki.caCert).publicKey));
      assert.equal(server.ca, false);
      const eku = new x509.X509Certificate(pki.serverCert).getExtension(x509.ExtendedKeyUsageExtension);
      assert.deepEqual([...(eku?.usages ?? [])], [x509.ExtendedKeyUsage.serverAuth]);
    });
  });

  it('honours serviceIP', async () => {
    await withTempDir(async (dir) => {
      const pki = await ensurePki({ dir, nodeName: 'node-a', serviceIP: '10.96.0.1' });
      assert.ok(sansOfPem(pki.serverCert).ips.includes('10.96.0.1'));
    });
  });

  it('issues the admin client certificate as CN=system:admin, O=system:masters', async () => {
    await withTempDir(async (dir) => {
      const pki = await ensurePki({ dir, nodeName: 'node-a' });
      const admin = new x509.X509Certificate(pki.adminCert);
      assert.deepEqual(admin.subjectName.getField('CN'), ['system:admin']);
      assert.deepEqual(admin.subjectName.getField('O'), ['system:masters']);
      assert.deepEqual([...(admin.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [])], [x509.ExtendedKeyUsage.clientAuth]);
      assert.ok(new X509Certificate(pki.adminCert).verify(new X509Certificate(pki.caCert).publicKey));
    });
  });

  it('reuses every file on a second start, byte for byte', async () => {
    await withTempDir(async (dir) => {
      const first = await ensurePki({ dir, nodeName: 'node-a', hostnames: ['x.example'] });
      const before = await readAll(dir);
      const second = await ensurePki({ dir, nodeName: 'node-a', hostnames: ['x.example'] });
      assert.deepEqual(second, first);
      assert.deepEqual(await readAll(dir), before);
    });
  });

  it('re-issues the serving certificate with the same CA when a SAN is missing, keeping the old names', async () => {
    await withTempDir(async (dir) => {
      const lines: string[] = [];
      const logger = createLogger({ write: (line) => lines.push(line) });
      const first = await ensurePki({ dir, nodeName: 'node-a', ips: ['192.0.2.10'], logger });
      const second = await ensurePki({ dir, nodeName: 'node-a', ips: ['192.0.2.11'], hostnames: ['new.example'], logger });
      assert.equal(second.caCert, first.caCert);
      assert.equal(second.caKey, first.caKey);
      assert.equal(second.adminCert, first.adminCert);
      assert.notEqual(second.serverCert, first.serverCert);
      const sans = sansOfPem(second.serverCert);
      assert.ok(sans.ips.includes('192.0.2.11'));
      assert.ok(sans.dns.includes('new.example'));
      assert.ok(sans.ips.includes('192.0.2.10'), 'names of the previous certificate are kept');
      assert.ok(new X509Certificate(second.serverCert).verify(new X509Certificate(first.caCert).publicKey));
      assert.ok(lines.some((l) => l.includes('issued serving certificate') && l.includes('192.0.2.11')));
      for (const line of lines) assert.doesNotMatch(line, /PRIVATE KEY|BEGIN/);
    });
  });

  it('re-issues leaves that are missing, unreadable, mismatched or within 90 days of expiry', async () => {
    await withTempDir(async (dir) => {
      const clock = fakeClock();
      const first = await ensurePki({ dir, nodeName: 'node-a', clock });
      const paths = pkiPaths(dir);

      await rm(paths.adminCert);
      const afterRemove = await ensurePki({ dir, nodeName: 'node-a', clock });
      assert.notEqual(afterRemove.adminCert, first.adminCert);
      assert.equal(afterRemove.serverCert, first.serverCert);

      await writeFile(paths.serverCert, 'garbage');
      const afterGarbage = await ensurePki({ dir, nodeName: 'node-a', clock });
      assert.match(afterGarbage.serverCert, /BEGIN CERTIFICATE/);

      await writeFile(paths.adminKey, afterGarbage.serverKey);
      const afterMismatch = await ensurePki({ dir, nodeName: 'node-a', clock });
      assert.notEqual(afterMismatch.adminKey, afterGarbage.serverKey);
      assert.ok(new X509Certificate(afterMismatch.adminCert).checkPrivateKey(createPrivateKey(afterMismatch.adminKey)));

      clock.advance(300 * dayMs);
      const renewed = await ensurePki({ dir, nodeName: 'node-a', clock });
      assert.equal(renewed.caCert, first.caCert);
      assert.notEqual(renewed.serverCert, afterMismatch.serverCert);
      assert.notEqual(renewed.adminCert, afterMismatch.adminCert);
    });
  });

  it('replaces leaves signed by another CA', async () => {
    await withTempDir(async (a) => {
      await withTempDir(async (b) => {
        const pkiA = await ensurePki({ dir: a, nodeName: 'node-a' });
        const pkiB = await ensurePki({ dir: b, nodeName: 'node-a' });
        await writeFile(pkiPaths(a).serverCert, pkiB.serverCert);
        await writeFile(pkiPaths(a).serverKey, pkiB.serverKey);
        const again = await ensurePki({ dir: a, nodeName: 'node-a' });
        assert.ok(new X509Certificate(again.serverCert).verify(new X509Certificate(pkiA.caCert).publicKey));
      });
    });
  });

  it('refuses a CA certificate whose key is missing or foreign', async () => {
    await withTempDir(async (dir) => {
      const pki = await ensurePki({ dir, nodeName: 'node-a' });
      const paths = pkiPaths(dir);
      await writeFile(paths.caKey, pki.adminKey);
      await assert.rejects(ensurePki({ dir, nodeName: 'node-a' }), (err: unknown) => {
        assert.ok(err instanceof PkiError);
        assert.equal(err.code, 'CA_INVALID');
        assert.doesNotMatch(err.message, /PRIVATE KEY/);
        return true;
      });
      await rm(paths.caKey);
      await assert.rejects(
        ensurePki({ dir, nodeName: 'node-a' }),
        (err: unknown) => err instanceof PkiError && err.code === 'CA_KEY_MISSING',
      );
      assert.equal(await readFile(paths.caCert, 'utf8'), pki.caCert, 'the CA certificate is left alone');
    });
  });

  it('creates a new CA when only its key was written (an interrupted first start)', async () => {
    await withTempDir(async (dir) => {
      const first = await ensurePki({ dir, nodeName: 'node-a' });
      await rm(pkiPaths(dir).caCert);
      const second = await ensurePki({ dir, nodeName: 'node-a' });
      assert.notEqual(second.caKey, first.caKey);
      assert.ok(new X509Certificate(second.serverCert).verify(new X509Certificate(second.caCert).publicKey));
    });
  });
});
