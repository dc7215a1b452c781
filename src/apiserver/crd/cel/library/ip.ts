/**
 * The Kubernetes IP and CIDR libraries (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go): ip(),
 * isIP(), cidr(), isCIDR() and their methods. As upstream, IPv4-mapped IPv6 addresses and zones are
 * refused, and IPv4 octets with leading zeros are not accepted.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { CelEnvironment } from '../env-types';

export class CelIP {
  constructor(
    readonly family: 4 | 6,
    /** The address as a 32- or 128-bit integer. */
    readonly value: bigint,
  ) {}
}

export class CelCIDR {
  constructor(
    readonly ip: CelIP,
    readonly prefix: number,
  ) {}
}

class IPNamespace {}

const bits = (ip: CelIP): number => (ip.family === 4 ? 32 : 128);

function v6Value(s: string): bigint {
  let text = s;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = v4Value(v4[1]!);
    text = text.slice(0, -v4[1]!.length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

const v4Value = (s: string): bigint => s.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);

export function parseIP(s: string): CelIP | undefined {
  if (isIPv4(s)) return s.split('.').some((o) => o.length > 1 && o.startsWith('0')) ? undefined : new CelIP(4, v4Value(s));
  if (!isIPv6(s) || s.includes('%')) return undefined;
  const value = v6Value(s);
  if (value >> 32n === 0xffffn) return undefined;
  return new CelIP(6, value);
}

export function formatIP(ip: CelIP): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((sh) => String((ip.value >> sh) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((ip.value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

export function ip(s: string): CelIP {
  const v = parseIP(s);
  if (!v) throw new Error(`IP Address "${s}" parse error during conversion from string: ParseAddr("${s}"): unable to parse IP`);
  return v;
}

export function parseCIDR(s: string): CelCIDR | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  const addr = m && parseIP(m[1]!);
  if (!addr || (m[2]!.length > 1 && m[2]!.startsWith('0'))) return undefined;
  const prefix = Number(m[2]);
  return prefix > bits(addr) ? undefined : new CelCIDR(addr, prefix);
}

export function cidr(s: string): CelCIDR {
  const v = parseCIDR(s);
  if (!v) throw new Error(`network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("${s}"): bad prefix`);
  return v;
}

const mask = (family: 4 | 6, prefix: number): bigint => {
  const total = family === 4 ? 32 : 128;
  return ((1n << BigInt(total)) - 1n) ^ ((1n << BigInt(total - prefix)) - 1n);
};

export const masked = (c: CelCIDR): CelCIDR => new CelCIDR(new CelIP(c.ip.family, c.ip.value & mask(c.ip.family, c.prefix)), c.prefix);
export const containsIP = (c: CelCIDR, a: CelIP): boolean => a.family === c.ip.family && (a.value & mask(a.family, c.prefix)) === (c.ip.value & mask(a.family, c.prefix));
export const containsCIDR = (c: CelCIDR, o: CelCIDR): boolean => o.prefix >= c.prefix && containsIP(c, o.ip);
export const isLoopback = (a: CelIP): boolean => (a.family === 4 ? a.value >> 24n === 127n : a.value === 1n);
export const isUnspecified = (a: CelIP): boolean => a.value === 0n;
export const isLinkLocalMulticast = (a: CelIP): boolean => (a.family === 4 ? a.value >> 8n === 0xe00000n : a.value >> 112n === 0xff02n);
export const isLinkLocalUnicast = (a: CelIP): boolean => (a.family === 4 ? a.value >> 16n === 0xa9fen : a.value >> 118n === 0x3fan);
export function isGlobalUnicast(a: CelIP): boolean {
  if (isUnspecified(a) || isLoopback(a) || isLinkLocalUnicast(a)) return false;
  if (a.family === 4) return a.value !== 0xffffffffn && a.value >> 28n !== 0xen;
  return a.value >> 120n !== 0xffn;
}

export function registerIP(env: CelEnvironment): void {
  const I = 'net.IP';
  const C = 'net.CIDR';
  env.registerType(I, { ctor: CelIP, fields: {} });
  env.registerType(C, { ctor: CelCIDR, fields: {} });
  env.registerOperator(`${I} == ${I}`, (a: CelIP, b: CelIP) => a.family === b.family && a.value === b.value);
  env.registerOperator(`${C} == ${C}`, (a: CelCIDR, b: CelCIDR) => a.prefix === b.prefix && a.ip.family === b.ip.family && a.ip.value === b.ip.value);
  env.registerFunction(`ip(string): ${I}`, ip);
  env.registerFunction('isIP(string): bool', (s: string) => parseIP(s) !== undefined);
  // `ip.isCanonical(s)` is a namespaced function upstream: here a method of a constant named ip.
  env.registerType('net.IPNamespace', { ctor: IPNamespace, fields: {} });
  env.registerConstant('ip', 'net.IPNamespace', new IPNamespace());
  env.registerFunction('net.IPNamespace.isCanonical(string): bool', (_ns: IPNamespace, s: string) => formatIP(ip(s)) === s);
  env.registerFunction(`string(${I}): string`, formatIP);
  env.registerFunction(`${I}.family(): int`, (a: CelIP) => BigInt(a.family));
  env.registerFunction(`${I}.isUnspecified(): bool`, isUnspecified);
  env.registerFunction(`${I}.isLoopback(): bool`, isLoopback);
  env.registerFunction(`${I}.isLinkLocalMulticast(): bool`, isLinkLocalMulticast);
  env.registerFunction(`${I}.isLinkLocalUnicast(): bool`, isLinkLocalUnicast);
  env.registerFunction(`${I}.isGlobalUnicast(): bool`, isGlobalUnicast);
  env.registerFunction(`cidr(string): ${C}`, cidr);
  env.registerFunction('isCIDR(string): bool', (s: string) => parseCIDR(s) !== undefined);
  env.registerFunction(`string(${C}): string`, (c: CelCIDR) => `${formatIP(c.ip)}/${c.prefix}`);
  env.registerFunction(`${C}.containsIP(${I}): bool`, containsIP);
  env.registerFunction(`${C}.containsIP(string): bool`, (c: CelCIDR, s: string) => containsIP(c, ip(s)));
  env.registerFunction(`${C}.containsCIDR(${C}): bool`, containsCIDR);
  env.registerFunction(`${C}.containsCIDR(string): bool`, (c: CelCIDR, s: string) => containsCIDR(c, cidr(s)));
  env.registerFunction(`${C}.ip(): ${I}`, (c: CelCIDR) => c.ip);
  env.registerFunction(`${C}.masked(): ${C}`, masked);
  env.registerFunction(`${C}.prefixLength(): int`, (c: CelCIDR) => BigInt(c.prefix));
}
