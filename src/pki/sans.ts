/** Subject alternative names of the API server's serving certificate: which are required, which a cert has. */
import type { NetworkInterfaceInfo } from 'node:os';
import type { X509Certificate } from 'node:crypto';
import { parseSubjectAltName } from './certificate-fields';
import { PkiError } from './errors';

/** DNS names lower-cased, IPs in canonical text form; both de-duplicated, in first-seen order. */
export interface SubjectAltNames {
  dnsNames: string[];
  ips: string[];
}

/** The in-cluster names of the `kubernetes` Service, as kube-apiserver puts them in its certificate. */
const serviceDnsNames = [
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];

const ipv4Octet = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const ipv4 = new RegExp(`^${ipv4Octet}(\\.${ipv4Octet}){3}$`);

/** Canonical text of an IP address (so `0:0::1` and `::1` compare equal), or undefined if it is none. */
export function canonicalIp(text: string): string | undefined {
  if (ipv4.test(text)) return text;
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  // The WHATWG URL parser validates IPv6 and prints it in RFC 5952 form (lower case, longest zero run
  // compressed). Used instead of net.isIP, whose IPv6 regex alone costs milliseconds to compile.
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

function canonicalDnsName(text: string): string | undefined {
  const name = text.trim().toLowerCase().replace(/\.$/, '');
  return /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(name) ? name : undefined;
}

/**
 * Addresses to put in the certificate from `os.networkInterfaces()`: every non-internal one except
 * IPv6 link-local (fe80::/10). Those need a zone to be dialled, so no client verifies a cert by them,
 * and Docker's veth interfaces add new ones all the time, which would re-issue the cert on every start.
 */
export function interfaceIps(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  const ips: string[] = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      const ip = canonicalIp(info.address);
      if (ip && !/^fe[89ab]/.test(ip)) ips.push(ip);
    }
  }
  return ips;
}

export interface RequiredSansOptions {
  hostname: string;
  nodeName: string;
  serviceIP: string;
  interfaceIps: string[];
  /** Extra names (`--tls-san`); an entry that is an IP address counts as an IP, as in k3s. */
  hostnames?: string[];
  ips?: string[];
}

/** Every name the serving certificate must carry now. Throws `INVALID_SAN` for a bad extra. */
export function requiredServingSans(options: RequiredSansOptions): SubjectAltNames {
  const dnsNames = new Set<string>();
  const ips = new Set<string>();
  const addName = (text: string, source: string) => {
    const ip = canonicalIp(text.trim());
    if (ip) return void ips.add(ip);
    const name = canonicalDnsName(text);
    if (!name) throw new PkiError('INVALID_SAN', `${source} ${JSON.stringify(text)} is neither a DNS name nor an IP`);
    dnsNames.add(name);
  };
  const addIp = (text: string, source: string) => {
    const ip = canonicalIp(text.trim());
    if (!ip) throw new PkiError('INVALID_SAN', `${source} ${JSON.stringify(text)} is not an IP address`);
    ips.add(ip);
  };
  // The machine's hostname is not ours to validate: one a DNS SAN cannot hold is left out, not fatal.
  const hostname = canonicalIp(options.hostname) ?? canonicalDnsName(options.hostname);
  for (const name of ['localhost', ...(hostname ? [hostname] : []), options.nodeName, ...serviceDnsNames]) {
    addName(name, 'name');
  }
  for (const ip of ['127.0.0.1', '::1', ...options.interfaceIps]) addIp(ip, 'address');
  addIp(options.serviceIP, 'service IP');
  for (const name of options.hostnames ?? []) addName(name, 'extra hostname');
  for (const ip of options.ips ?? []) addIp(ip, 'extra IP');
  return { dnsNames: [...dnsNames], ips: [...ips] };
}

/** The DNS and IP SANs a certificate carries (other kinds ignored). Throws if Node's text is malformed. */
export function sansOf(cert: X509Certificate): SubjectAltNames {
  const result: SubjectAltNames = { dnsNames: [], ips: [] };
  for (const name of parseSubjectAltName(cert.subjectAltName)) {
    if (name.type === 'DNS') result.dnsNames.push(name.value.toLowerCase());
    else if (name.type === 'IP Address') {
      const ip = canonicalIp(name.value);
      if (ip) result.ips.push(ip);
    }
  }
  return result;
}

/** Names in `want` that `have` lacks. */
export function missingSans(have: SubjectAltNames, want: SubjectAltNames): SubjectAltNames {
  const dns = new Set(have.dnsNames);
  const ips = new Set(have.ips);
  return { dnsNames: want.dnsNames.filter((n) => !dns.has(n)), ips: want.ips.filter((ip) => !ips.has(ip)) };
}

/** `a` then whatever of `b` is not in it. */
export function unionSans(a: SubjectAltNames, b: SubjectAltNames): SubjectAltNames {
  return { dnsNames: [...new Set([...a.dnsNames, ...b.dnsNames])], ips: [...new Set([...a.ips, ...b.ips])] };
}
