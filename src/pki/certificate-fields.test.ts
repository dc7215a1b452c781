import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { notAfterOf, parseSubjectAltName, subjectFields } from './certificate-fields';
import { createCertificateAuthority, issueServingCertificate } from './issue';
import { x509 } from './x509-lib';

describe('parseSubjectAltName', () => {
  const cases: Array<[string, string | undefined, Array<{ type: string; value: string }>]> = [
    ['nothing', undefined, []],
    ['plain entries', 'DNS:a.example, IP Address:10.0.0.1', [
      { type: 'DNS', value: 'a.example' },
      { type: 'IP Address', value: '10.0.0.1' },
    ]],
    ['a quoted entry hiding ", "', 'DNS:"x\\u002c DNS:evil", DNS:b', [
      { type: 'DNS', value: 'x, DNS:evil' },
      { type: 'DNS', value: 'b' },
    ]],
    ['an escaped quote', 'DNS:"q\\"uote"', [{ type: 'DNS', value: 'q"uote' }]],
  ];
  for (const [name, text, want] of cases) {
    it(name, () => assert.deepEqual(parseSubjectAltName(text), want));
  }

  it('reads back what was written, however odd', async () => {
    const ca = await createCertificateAuthority();
    const dnsNames = ['a.example', 'x, DNS:evil', 'q"uote'];
    const { cert } = await issueServingCertificate(ca, { commonName: 's', sans: { dnsNames, ips: ['::1'] } });
    const names = parseSubjectAltName(new X509Certificate(cert).subjectAltName);
    assert.deepEqual(names.filter((n) => n.type === 'DNS').map((n) => n.value), dnsNames);
    assert.deepEqual(names.filter((n) => n.type === 'IP Address').map((n) => n.value), ['0:0:0:0:0:0:0:1']);
  });
});

describe('subjectFields', () => {
  it('takes single and repeated attributes', () => {
    assert.deepEqual(subjectFields({ CN: 'a', O: 'g' }), { commonName: 'a', organizations: ['g'] });
    assert.deepEqual(subjectFields({ CN: 'a', O: ['g', 'h'] }), { commonName: 'a', organizations: ['g', 'h'] });
    assert.deepEqual(subjectFields(undefined), { commonName: undefined, organizations: [] });
  });
});

describe('notAfterOf', () => {
  it('agrees with @peculiar/x509', async () => {
    const ca = await createCertificateAuthority();
    assert.equal(notAfterOf(new X509Certificate(ca.cert)).getTime(), new x509.X509Certificate(ca.cert).notAfter.getTime());
  });
});
