import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NetworkInterfaceInfo } from 'node:os';
import { PkiError } from './errors';
import { canonicalIp, interfaceIps, missingSans, requiredServingSans, unionSans } from './sans';

describe('canonicalIp', () => {
  const cases: Array<[string, string | undefined]> = [
    ['10.43.0.1', '10.43.0.1'],
    ['255.255.255.255', '255.255.255.255'],
    ['256.0.0.1', undefined],
    ['010.0.0.1', undefined],
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['FD00:0::1', 'fd00::1'],
    ['fe80::1%eth0', undefined],
    ['1::2::3', undefined],
    ['kubernetes', undefined],
    ['', undefined],
  ];
  for (const [input, want] of cases) {
    it(`${JSON.stringify(input)} → ${String(want)}`, () => assert.equal(canonicalIp(input), want));
  }
});

describe('interfaceIps', () => {
  const info = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
    ({ address, family, internal, netmask: '', mac: '', cidr: null, scopeid: 0 }) as NetworkInterfaceInfo;

  it('keeps non-internal IPv4 and IPv6, drops loopback and link-local', () => {
    const ips = interfaceIps({
      lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
      eth0: [info('192.168.1.10', 'IPv4'), info('2001:DB8::10', 'IPv6'), info('fe80::abcd', 'IPv6')],
      docker0: [info('172.17.0.1', 'IPv4')],
    });
    assert.deepEqual(ips, ['192.168.1.10', '2001:db8::10', '172.17.0.1']);
  });
});

describe('requiredServingSans', () => {
  const base = { hostname: 'My-Host', nodeName: 'node-a', serviceIP: '10.43.0.1', interfaceIps: ['192.168.1.10'] };

  it('has the fixed names, the host, the node and the service IP', () => {
    const sans = requiredServingSans(base);
    assert.deepEqual(sans.dnsNames, [
      'localhost',
      'my-host',
      'node-a',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
    ]);
    assert.deepEqual(sans.ips, ['127.0.0.1', '::1', '192.168.1.10', '10.43.0.1']);
  });

  it('routes an IP given as an extra hostname to the IPs and de-duplicates', () => {
    const sans = requiredServingSans({ ...base, hostnames: ['API.example.com', '203.0.113.7', 'localhost'], ips: ['::1'] });
    assert.ok(sans.dnsNames.includes('api.example.com'));
    assert.ok(sans.ips.includes('203.0.113.7'));
    assert.equal(sans.dnsNames.filter((n) => n === 'localhost').length, 1);
    assert.equal(sans.ips.filter((ip) => ip === '::1').length, 1);
  });

  it('leaves out a machine hostname no DNS SAN can hold', () => {
    assert.ok(!requiredServingSans({ ...base, hostname: 'bad host!' }).dnsNames.some((n) => n.includes(' ')));
  });

  const invalid: Array<[string, Partial<typeof base> & { hostnames?: string[]; ips?: string[] }]> = [
    ['extra hostname with a space', { hostnames: ['a b'] }],
    ['extra IP that is a name', { ips: ['example.com'] }],
    ['service IP out of range', { serviceIP: '10.43.0.256' }],
  ];
  for (const [name, extra] of invalid) {
    it(`rejects ${name} with INVALID_SAN`, () => {
      assert.throws(
        () => requiredServingSans({ ...base, ...extra }),
        (err: unknown) => err instanceof PkiError && err.code === 'INVALID_SAN',
      );
    });
  }
});

describe('missingSans and unionSans', () => {
  it('compute what is lacking and merge without duplicates', () => {
    const have = { dnsNames: ['a', 'b'], ips: ['10.0.0.1'] };
    const want = { dnsNames: ['b', 'c'], ips: ['10.0.0.1', '10.0.0.2'] };
    assert.deepEqual(missingSans(have, want), { dnsNames: ['c'], ips: ['10.0.0.2'] });
    assert.deepEqual(unionSans(want, have), { dnsNames: ['b', 'c', 'a'], ips: ['10.0.0.1', '10.0.0.2'] });
  });
});
