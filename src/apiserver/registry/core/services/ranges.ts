/** The service IP range (an IPv4 CIDR) and the NodePort range, as the allocators see them. */

export interface PortRange {
  base: number;
  size: number;
}

export const defaultNodePortRange: PortRange = { base: 30000, size: 2768 };

export function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export class ServiceCidr {
  readonly cidr: string;
  readonly network: number;
  readonly size: number;

  constructor(cidr: string) {
    const [ip, bits] = cidr.split('/');
    const network = ipv4ToNumber(ip ?? '');
    const prefix = Number(bits);
    if (network === undefined || !Number.isInteger(prefix) || prefix < 1 || prefix > 30) throw new Error(`service CIDR ${cidr}: need an IPv4 CIDR with a prefix of /1 to /30`);
    this.size = 2 ** (32 - prefix);
    this.network = network - (network % this.size);
    this.cidr = `${numberToIpv4(this.network)}/${prefix}`;
  }

  /** Whether `ip` is a usable address of the range (not the network or broadcast address). */
  contains(ip: string): boolean {
    const n = ipv4ToNumber(ip);
    return n !== undefined && n > this.network && n < this.network + this.size - 1;
  }

  /** The n-th address (1 = the first usable one, reserved for the `kubernetes` Service). */
  at(offset: number): string {
    return numberToIpv4(this.network + offset);
  }
}

export function formatPortRange(r: PortRange): string {
  return `${r.base}-${r.base + r.size - 1}`;
}

export function parsePortRange(s: string): PortRange {
  const m = /^(\d+)-(\d+)$/.exec(s);
  if (!m || Number(m[2]) < Number(m[1])) throw new Error(`invalid port range ${s}`);
  return { base: Number(m[1]), size: Number(m[2]) - Number(m[1]) + 1 };
}
