import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { PkiError } from './errors';
import { createCertificateAuthority, issueClientCertificate, issueServingCertificate, loadCertificateSigner } from './issue';
import { importSigningKey } from './keys';
import { dayMs, fakeClock } from './test-helpers';
import { nodeCrypto, x509 } from './x509-lib';

describe('issueClientCertificate', () => {
  it('signs a clientAuth certificate with the CN as user and every O as a group', async () => {
    const clock = fakeClock(Date.UTC(2031, 5, 1));
    const ca = await createCertificateAuthority({ clock });
    const issued = await issueClientCertificate(ca, {
      commonName: 'system:node:node-a',
      organizations: ['system:nodes', 'skiff:agents'],
      days: 30,
      clock,
    });
    const cert = new x509.X509Certificate(issued.cert);
    assert.deepEqual(cert.subjectName.getField('CN'), ['system:node:node-a']);
    assert.deepEqual(cert.subjectName.getField('O'), ['system:nodes', 'skiff:agents']);
    assert.equal(cert.notAfter.getTime(), Math.floor((clock.now() + 30 * dayMs) / 1000) * 1000);
    assert.ok(cert.notBefore.getTime() < clock.now(), 'backdated for skewed clocks');
    assert.equal(cert.getExtension(x509.BasicConstraintsExtension)?.ca, false);

    const node = new X509Certificate(issued.cert);
    const caNode = new X509Certificate(ca.cert);
    assert.ok(node.checkIssued(caNode));
    assert.ok(node.verify(caNode.publicKey));
    assert.ok(node.checkPrivateKey(createPrivateKey(issued.key)));
    assert.match(issued.key, /^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
  });

  it('links the authority key id to the CA subject key id', async () => {
    const ca = await createCertificateAuthority();
    const issued = await issueClientCertificate(ca, { commonName: 'a' });
    const caKeyId = new x509.X509Certificate(ca.cert).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    const aki = new x509.X509Certificate(issued.cert).getExtension(x509.AuthorityKeyIdentifierExtension);
    assert.ok(caKeyId);
    assert.equal(aki?.keyId, caKeyId);
  });

  it('accepts a loaded signer for many certificates, each with its own key', async () => {
    const ca = await createCertificateAuthority();
    const signer = await loadCertificateSigner(ca);
    const [a, b] = await Promise.all([
      issueClientCertificate(signer, { commonName: 'a' }),
      issueClientCertificate(signer, { commonName: 'b' }),
    ]);
    assert.notEqual(a.key, b.key);
    assert.notEqual(new X509Certificate(a.cert).serialNumber, new X509Certificate(b.cert).serialNumber);
  });

  const foreignCas: Array<[string, () => Promise<{ cert: string; key: string }>]> = [
    ['a SEC1 ("EC PRIVATE KEY") P-384 key', () => caWithKey(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }), 'sec1')],
    ['an RSA key', () => caWithKey(generateKeyPairSync('rsa', { modulusLength: 2048 }), 'pkcs1')],
  ];
  for (const [name, make] of foreignCas) {
    it(`signs with a CA brought along with ${name}`, async () => {
      const ca = await make();
      const issued = await issueClientCertificate(ca, { commonName: 'a' });
      assert.ok(new X509Certificate(issued.cert).verify(new X509Certificate(ca.cert).publicKey));
    });
  }

  it('rejects an unparsable CA key without echoing it', async () => {
    const ca = await createCertificateAuthority();
    const secret = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n';
    await assert.rejects(issueClientCertificate({ cert: ca.cert, key: secret }, { commonName: 'a' }), (err: unknown) => {
      assert.ok(err instanceof PkiError);
      assert.equal(err.code, 'CA_INVALID');
      assert.doesNotMatch(err.message, /c2VjcmV0|PRIVATE KEY/);
      return true;
    });
  });
});

describe('issueServingCertificate', () => {
  it('carries exactly the given SANs and serverAuth', async () => {
    const ca = await createCertificateAuthority();
    const issued = await issueServingCertificate(ca, {
      commonName: 'kubelet',
      sans: { dnsNames: ['node-a'], ips: ['192.0.2.1', '2001:db8::1'] },
    });
    assert.equal(
      new X509Certificate(issued.cert).subjectAltName,
      'DNS:node-a, IP Address:192.0.2.1, IP Address:2001:DB8:0:0:0:0:0:1',
    );
  });
});

/** A self-signed CA whose key was made outside this module, in another PEM flavour. */
async function caWithKey(
  pair: ReturnType<typeof generateKeyPairSync>,
  type: 'sec1' | 'pkcs1',
): Promise<{ cert: string; key: string }> {
  const signer = await importSigningKey(pair.privateKey, 'test key');
  const name = new x509.Name([{ CN: ['foreign-ca'] }]);
  const cert = await x509.X509CertificateGenerator.create({
    subject: name,
    issuer: name,
    publicKey: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })),
    signingKey: signer.key,
    signingAlgorithm: signer.algorithm,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  }, nodeCrypto);
  return { cert: cert.toString('pem'), key: pair.privateKey.export({ type, format: 'pem' }).toString() };
}
