import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { before, describe, it } from 'node:test';
import { identityFromCertificate } from './identity';
import type { CertificateAuthority } from './issue';
import { createCertificateAuthority, issueClientCertificate } from './issue';
import { x509 } from './x509-lib';

describe('identityFromCertificate', () => {
  let ca: CertificateAuthority;
  before(async () => {
    ca = await createCertificateAuthority();
  });

  it('maps CN to the user and every O to a group, from Node or @peculiar/x509 certificates', async () => {
    const { cert } = await issueClientCertificate(ca, { commonName: 'jane', organizations: ['dev', 'ops'] });
    const want = { user: 'jane', groups: ['dev', 'ops'] };
    assert.deepEqual(identityFromCertificate(new X509Certificate(cert)), want);
    assert.deepEqual(identityFromCertificate(new x509.X509Certificate(cert)), want);
    // What tls.TLSSocket#getPeerCertificate() returns is the same shape as the legacy object.
    assert.deepEqual(identityFromCertificate(new X509Certificate(cert).toLegacyObject()), want);
  });

  it('keeps names with characters that RFC 4514 would escape', async () => {
    const { cert } = await issueClientCertificate(ca, { commonName: 'we,ird "user"', organizations: ['a+b', '#c\\d'] });
    assert.deepEqual(identityFromCertificate(new X509Certificate(cert)), { user: 'we,ird "user"', groups: ['a+b', '#c\\d'] });
  });

  it('gives no groups when the certificate has no O', async () => {
    const { cert } = await issueClientCertificate(ca, { commonName: 'bob' });
    assert.deepEqual(identityFromCertificate(new X509Certificate(cert)), { user: 'bob', groups: [] });
  });

  it('returns undefined for an absent peer certificate (Node gives {})', () => {
    assert.equal(identityFromCertificate({} as PeerCertificate), undefined);
    assert.equal(identityFromCertificate({ subject: { O: 'x' } } as unknown as PeerCertificate), undefined);
  });
});
