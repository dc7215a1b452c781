/**
 * Race-free ClusterIP and NodePort allocation over the shared storage (see README.md): every allocated
 * value is a claim key created with create-if-absent, so two API servers (or two requests) can never
 * hold the same IP or port; the stored Services are consulted too, so a claim lost to a crash is
 * reclaimed once its grace period has passed and its owner does not use it.
 */
import { randomUUID } from 'node:crypto';
import { type Backend, ConflictError, KeyExistsError, NotFoundError } from '../../../../storage/interface';
import type { Clock } from '../../../../util/clock';
import { formatPortRange, type PortRange, ServiceCidr } from './ranges';

export const ipClaimPrefix = '/registry/ranges/serviceips/';
export const portClaimPrefix = '/registry/ranges/servicenodeports/';

/** Who holds a claim: the Service, and the request that made it (so a failed request releases only its own). */
export interface Owner {
  namespace: string;
  name: string;
  token: string;
}

interface Claim extends Owner {
  at: number;
}

export type Outcome = { ok: true } | { ok: false; reason: 'range' | 'taken' };

export interface AllocatorOptions {
  backend: Backend;
  cidr: ServiceCidr;
  nodePorts: PortRange;
  clock: Clock;
  /** Whether a Service `namespace/name` currently uses `value` (an IP or a port, as a string). */
  inUse(namespace: string, name: string, kind: 'ip' | 'port', value: string): Promise<boolean>;
  /** Values every stored Service uses now. */
  usedByServices(): Promise<{ ips: Set<string>; ports: Set<string> }>;
  /** How long a claim whose owner does not use it is kept (a request may still be creating the Service). */
  graceMs?: number;
}

export class ServiceAllocator {
  readonly cidr: ServiceCidr;
  readonly nodePorts: PortRange;
  private readonly o: AllocatorOptions;

  constructor(options: AllocatorOptions) {
    this.o = options;
    this.cidr = options.cidr;
    this.nodePorts = options.nodePorts;
  }

  newOwner(namespace: string, name: string): Owner {
    return { namespace, name, token: randomUUID() };
  }

  ipRangeText(): string {
    return this.cidr.cidr;
  }

  portRangeText(): string {
    return formatPortRange(this.nodePorts);
  }

  /** Claims a requested IP. */
  claimIP(ip: string, owner: Owner, dryRun = false): Promise<Outcome> {
    if (!this.cidr.contains(ip)) return Promise.resolve({ ok: false, reason: 'range' });
    return this.claim(ipClaimPrefix + ip, 'ip', ip, owner, dryRun);
  }

  /** Claims a requested node port. */
  claimPort(port: number, owner: Owner, dryRun = false): Promise<Outcome> {
    if (port < this.nodePorts.base || port >= this.nodePorts.base + this.nodePorts.size) return Promise.resolve({ ok: false, reason: 'range' });
    return this.claim(portClaimPrefix + port, 'port', String(port), owner, dryRun);
  }

  /** Picks and claims a free IP; undefined when the range is full. The first IP is left for `kubernetes`. */
  async allocateIP(owner: Owner, dryRun = false): Promise<string | undefined> {
    const used = await this.used(ipClaimPrefix, 'ips');
    return this.pick(2, this.cidr.size - 2, used, (n) => this.cidr.at(n), (ip) => this.claimIP(ip, owner, dryRun));
  }

  async allocatePort(owner: Owner, taken: Set<string>, dryRun = false): Promise<number | undefined> {
    const used = await this.used(portClaimPrefix, 'ports');
    for (const t of taken) used.add(t);
    const port = await this.pick(0, this.nodePorts.size - 1, used, (n) => String(this.nodePorts.base + n), (p) => this.claimPort(Number(p), owner, dryRun));
    return port === undefined ? undefined : Number(port);
  }

  /** Releases a claim if `owns` says it is ours (by token, or by Service name on delete). */
  async release(kind: 'ip' | 'port', value: string, owns: (claim: Owner) => boolean): Promise<void> {
    const key = (kind === 'ip' ? ipClaimPrefix : portClaimPrefix) + value;
    const kv = await this.o.backend.get(key);
    if (!kv || !owns(JSON.parse(kv.value) as Claim)) return;
    try {
      await this.o.backend.delete(key, kv.modRevision);
    } catch (err) {
      if (!(err instanceof NotFoundError || err instanceof ConflictError)) throw err;
    }
  }

  private async used(prefix: string, which: 'ips' | 'ports'): Promise<Set<string>> {
    const fromServices = (await this.o.usedByServices())[which];
    const { items } = await this.o.backend.list(prefix);
    for (const kv of items) fromServices.add(kv.key.slice(prefix.length));
    return fromServices;
  }

  /** Tries random free offsets in [lo, hi], then scans, claiming the first that succeeds. */
  private async pick(lo: number, hi: number, used: Set<string>, value: (n: number) => string, claim: (v: string) => Promise<Outcome>): Promise<string | undefined> {
    const span = hi - lo + 1;
    const start = lo + Math.floor(Math.random() * span);
    for (let i = 0; i < span; i++) {
      const v = value(lo + ((start - lo + i) % span));
      if (used.has(v)) continue;
      if ((await claim(v)).ok) return v;
      used.add(v);
    }
    return undefined;
  }

  private async claim(key: string, kind: 'ip' | 'port', value: string, owner: Owner, dryRun: boolean): Promise<Outcome> {
    const body = JSON.stringify({ ...owner, at: this.o.clock.now() } satisfies Claim);
    const free = async (): Promise<boolean> => {
      const used = await this.o.usedByServices();
      return !(kind === 'ip' ? used.ips : used.ports).has(value);
    };
    const existing = await this.o.backend.get(key);
    if (!existing) {
      if (!(await free())) return { ok: false, reason: 'taken' };
      if (dryRun) return { ok: true };
      try {
        await this.o.backend.create(key, body);
        return { ok: true };
      } catch (err) {
        if (err instanceof KeyExistsError) return { ok: false, reason: 'taken' };
        throw err;
      }
    }
    const held = JSON.parse(existing.value) as Claim;
    if (held.token === owner.token) return { ok: true };
    if (await this.o.inUse(held.namespace, held.name, kind, value)) return { ok: false, reason: 'taken' };
    // A claim nobody uses: a request still creating its Service, or one lost to a crash.
    if (this.o.clock.now() - held.at < (this.o.graceMs ?? 30_000)) return { ok: false, reason: 'taken' };
    if (!(await free())) return { ok: false, reason: 'taken' };
    if (dryRun) return { ok: true };
    try {
      await this.o.backend.update(key, body, existing.modRevision);
      return { ok: true };
    } catch (err) {
      if (err instanceof ConflictError || err instanceof NotFoundError) return { ok: false, reason: 'taken' };
      throw err;
    }
  }
}
