/**
 * The Service store: the generic store plus ClusterIP and NodePort allocation around create, update and
 * delete (upstream pkg/registry/core/service/storage alloc.go). Allocation needs the datastore, so it
 * wraps the store's verbs instead of living in the (synchronous) strategy.
 */
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import { type FieldError, invalid } from '../../../../api/validation/field-errors';
import { errors } from '../../../errors';
import { type DeleteOptions, type GenericStore, generateName, type WriteOptions } from '../../generic/store';
import type { Backend } from '../../../../storage/interface';
import { type Clock, realClock } from '../../../../util/clock';
import { StatusError } from '../../../errors';
import { ServiceAllocator } from './allocator';
import { defaultNodePortRange, parsePortRange, ServiceCidr } from './ranges';
import type { KubeObject } from '../../generic/strategy';
import type { Owner } from './allocator';
import { usesNodePorts } from './strategy';

const svc = (o: KubeObject) => o as unknown as { metadata: KubeObject['metadata']; spec?: Record<string, any>; status?: Service['status'] };

interface Claimed {
  ips: string[];
  ports: number[];
}

function ipsOf(o: KubeObject | undefined): string[] {
  const spec = o && svc(o).spec;
  if (!spec || spec.type === 'ExternalName') return [];
  return ((spec.clusterIPs as string[] | undefined) ?? []).filter((ip) => ip && ip !== 'None');
}

function portsOf(o: KubeObject | undefined): number[] {
  const spec = o && svc(o).spec;
  if (!spec) return [];
  return [...new Set(((spec.ports as ServicePort[] | undefined) ?? []).map((p) => p.nodePort ?? 0).filter((p) => p > 0))];
}

export class ServiceAllocation {
  constructor(
    private readonly store: GenericStore,
    private readonly allocator: ServiceAllocator,
  ) {}

  private fail(obj: KubeObject, errs: FieldError[]): never {
    throw errors.invalid('Service', '', obj.metadata?.name ?? '', errs);
  }

  /** Fills in clusterIP(s) and node ports for `obj` (already defaulted), claiming what it uses that `old` did not. */
  async allocate(obj: KubeObject, old: KubeObject | undefined, owner: Owner, claimed: Claimed, dryRun: boolean): Promise<void> {
    const spec = svc(obj).spec!;
    const a = this.allocator;
    if (spec.type !== 'ExternalName' && !ipsOf(old).length) {
      const requested = (spec.clusterIPs as string[] | undefined)?.[0] ?? spec.clusterIP;
      if (requested === 'None') {
        spec.clusterIP = 'None';
        spec.clusterIPs = ['None'];
      } else if (requested) {
        const got = await a.claimIP(requested, owner, dryRun);
        if (!got.ok) {
          const why = got.reason === 'range' ? `the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${a.ipRangeText()}` : 'provided IP is already allocated';
          this.fail(obj, [invalid('spec.clusterIPs', [requested], `failed to allocate IP ${requested}: ${why}`)]);
        }
        if (!dryRun) claimed.ips.push(requested);
      } else {
        const ip = await a.allocateIP(owner, dryRun);
        if (!ip) throw errors.internal(new Error('failed to allocate a serviceIP: range is full'));
        if (!dryRun) claimed.ips.push(ip);
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      }
    }
    if (!usesNodePorts(spec.type) || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === false)) return;
    const oldPorts = new Set(portsOf(old).map(String));
    const inThis = new Set<string>();
    for (const [i, p] of ((spec.ports ?? []) as ServicePort[]).entries()) {
      if (p.nodePort) {
        if (!oldPorts.has(String(p.nodePort)) && !inThis.has(String(p.nodePort))) {
          const got = await a.claimPort(p.nodePort, owner, dryRun);
          if (!got.ok) {
            const why = got.reason === 'range' ? `provided port is not in the valid range. The range of valid ports is ${a.portRangeText()}` : 'provided port is already allocated';
            this.fail(obj, [invalid(`spec.ports[${i}].nodePort`, p.nodePort, why)]);
          }
          if (!dryRun) claimed.ports.push(p.nodePort);
        }
      } else {
        const port = await a.allocatePort(owner, new Set([...inThis, ...oldPorts]), dryRun);
        if (port === undefined) throw errors.internal(new Error('failed to allocate a nodePort: range is full'));
        if (!dryRun) claimed.ports.push(port);
        (p as { nodePort?: number }).nodePort = port;
      }
      inThis.add(String(p.nodePort));
    }
  }

  /** Releases what `was` used and `now` does not (claims of this Service only). */
  async releaseUnused(was: Claimed, now: KubeObject | undefined, owner: Pick<Owner, 'namespace' | 'name'>, token?: string): Promise<void> {
    const keepIPs = new Set(ipsOf(now));
    const keepPorts = new Set(portsOf(now));
    const owns = (c: Owner) => c.namespace === owner.namespace && c.name === owner.name && (token === undefined || c.token === token);
    for (const ip of was.ips) if (!keepIPs.has(ip)) await this.allocator.release('ip', ip, owns);
    for (const port of was.ports) if (!keepPorts.has(port)) await this.allocator.release('port', String(port), owns);
  }

  /** Replaces the store's write verbs with allocating ones. */
  install(): void {
    const store = this.store;
    const create = store.create.bind(store);
    const guaranteedUpdate = store.guaranteedUpdate.bind(store);
    const del = store.delete.bind(store);
    const strategy = store.strategy;
    const exists = async (namespace: string | undefined, name: string | undefined) => {
      if (!name) return false;
      try {
        await store.get(namespace, name);
        return true;
      } catch (err) {
        if (err instanceof StatusError && err.code === 404) return false;
        throw err;
      }
    };

    store.create = async (namespace: string | undefined, input: KubeObject, options: WriteOptions = {}) => {
      const obj = structuredClone(input);
      obj.metadata ??= {};
      strategy.defaults?.(obj);
      if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = generateName(obj.metadata.generateName);
      // An existing Service is AlreadyExists, not a conflict over its own IP.
      if (await exists(namespace, obj.metadata.name)) return create(namespace, obj, options);
      const owner = this.allocator.newOwner(namespace ?? '', obj.metadata.name ?? '');
      const claimed: Claimed = { ips: [], ports: [] };
      try {
        await this.allocate(obj, undefined, owner, claimed, !!options.dryRun);
        return await create(namespace, obj, options);
      } catch (err) {
        await this.releaseUnused(claimed, undefined, owner, owner.token);
        throw err;
      }
    };

    store.guaranteedUpdate = async (namespace, name, mutate, options: WriteOptions = {}) => {
      const owner = this.allocator.newOwner(namespace ?? '', name);
      const claimed: Claimed = { ips: [], ports: [] };
      let last: KubeObject | undefined;
      try {
        const result = await guaranteedUpdate(
          namespace,
          name,
          async (current) => {
            const old = structuredClone(current);
            const obj = await mutate(current);
            if (options.subresource) return obj;
            last = old;
            keepAllocated(obj, old);
            strategy.defaults?.(obj);
            await this.allocate(obj, old, owner, claimed, !!options.dryRun);
            return obj;
          },
          options,
        );
        if (!options.dryRun) {
          const gone = result.metadata.deletionTimestamp && (result.metadata.finalizers ?? []).length === 0;
          await this.releaseUnused({ ips: [...ipsOf(last), ...claimed.ips], ports: [...portsOf(last), ...claimed.ports] }, gone ? undefined : result, owner);
        }
        return result;
      } catch (err) {
        await this.releaseUnused(claimed, undefined, owner, owner.token);
        throw err;
      }
    };

    store.delete = async (namespace: string | undefined, name: string, options: DeleteOptions = {}) => {
      const result = await del(namespace, name, options);
      if (result.deleted && !options.dryRun) await this.releaseUnused({ ips: ipsOf(result.object), ports: portsOf(result.object) }, undefined, { namespace: namespace ?? '', name });
      return result;
    };
  }
}

/**
 * What an update without the allocated values keeps from the stored Service (upstream patchAllocatedValues):
 * the clusterIP(s) and, per port, the node port; a change to ExternalName drops them.
 */
export function keepAllocated(obj: KubeObject, old: KubeObject): void {
  const spec = (svc(obj).spec ??= {});
  const before = svc(old).spec ?? {};
  if (spec.type === 'ExternalName') {
    if (before.type !== 'ExternalName' && (spec.clusterIP === before.clusterIP || !spec.clusterIP)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    return;
  }
  if (!spec.clusterIP && !(spec.clusterIPs ?? []).length && before.type !== 'ExternalName') {
    if (before.clusterIP) spec.clusterIP = before.clusterIP;
    if (before.clusterIPs) spec.clusterIPs = [...before.clusterIPs];
  }
  if (!usesNodePorts(spec.type ?? 'ClusterIP')) {
    if (usesNodePorts(before.type)) for (const p of (spec.ports ?? []) as ServicePort[]) if (p.nodePort && (before.ports ?? []).some((o: ServicePort) => o.nodePort === p.nodePort)) delete (p as { nodePort?: number }).nodePort;
    return;
  }
  for (const p of (spec.ports ?? []) as ServicePort[]) {
    if (p.nodePort) continue;
    const match = ((before.ports ?? []) as ServicePort[]).find((o) => (p.name ? o.name === p.name : o.port === p.port) && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
    if (match?.nodePort) (p as { nodePort?: number }).nodePort = match.nodePort;
  }
}

export interface ServiceAllocationOptions {
  backend: Backend;
  /** The service CIDR (`--service-cidr`); default 10.43.0.0/16. */
  serviceCidr?: string;
  /** The NodePort range as `30000-32767` (the default). */
  nodePortRange?: string;
  clock?: Clock;
  /** How long an unused claim is kept before another Service may take its value. */
  graceMs?: number;
}

/** Makes the Service store allocate ClusterIPs and NodePorts; returns the allocator (for bootstrap and tests). */
export function installServiceAllocation(store: GenericStore, options: ServiceAllocationOptions): ServiceAllocator {
  const used = async () => {
    const { items } = await store.list(undefined, {});
    return { ips: new Set(items.flatMap(ipsOf)), ports: new Set(items.flatMap(portsOf).map(String)) };
  };
  const allocator = new ServiceAllocator({
    backend: options.backend,
    cidr: new ServiceCidr(options.serviceCidr ?? '10.43.0.0/16'),
    nodePorts: options.nodePortRange ? parsePortRange(options.nodePortRange) : defaultNodePortRange,
    clock: options.clock ?? realClock,
    graceMs: options.graceMs,
    usedByServices: used,
    async inUse(namespace, name, kind, value) {
      try {
        const obj = await store.get(namespace, name);
        return (kind === 'ip' ? ipsOf(obj) : portsOf(obj).map(String)).includes(value);
      } catch (err) {
        if (err instanceof StatusError && err.code === 404) return false;
        throw err;
      }
    },
  });
  new ServiceAllocation(store, allocator).install();
  return allocator;
}
