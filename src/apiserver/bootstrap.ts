/** Objects the API server makes at start, as kube-apiserver's system-namespaces controller does. */
import { networkInterfaces } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { StatusError } from './errors';
import type { KubeObject } from './registry/generic/strategy';
import { ServiceCidr } from './registry/core/services/ranges';
import type { Registry } from './registry/registry';

export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function ensureSystemNamespaces(registry: Registry): Promise<void> {
  const namespaces = registry.store('', 'namespaces');
  for (const name of systemNamespaces) {
    try {
      await namespaces.create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 409)) throw err;
    }
  }
}

export interface KubernetesServiceOptions {
  /** The service CIDR; the `kubernetes` Service gets its first address. */
  serviceCidr: string;
  /** The address clients reach the API server at (the bind address, or a node address when it is unspecified). */
  address: string;
  /** The API server's port (the Service's targetPort and the endpoint port). */
  port: number;
}

/** The address to advertise for a bind address: itself, or the first non-internal IPv4 when it is 0.0.0.0 / ::. */
export function advertiseAddress(bindAddress: string): string {
  if (bindAddress !== '0.0.0.0' && bindAddress !== '::') return bindAddress;
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}

async function createOrUpdate(registry: Registry, group: string, resource: string, obj: KubeObject, sameAs: (current: KubeObject) => boolean): Promise<void> {
  const store = registry.store(group, resource);
  try {
    await store.create('default', obj);
  } catch (err) {
    if (!(err instanceof StatusError && err.code === 409)) throw err;
    const current = await store.get('default', obj.metadata.name!);
    if (!sameAs(current)) await store.guaranteedUpdate('default', obj.metadata.name!, (cur) => ({ ...cur, ...obj, metadata: { ...cur.metadata, labels: obj.metadata.labels } }));
  }
}

/**
 * The `kubernetes` Service in `default` (first IP of the service CIDR, 443 → the API server port) and its
 * Endpoints and EndpointSlice pointing at the API server, as kube-apiserver's endpoint reconciler keeps
 * them. Idempotent: on restart only a changed address or port is written.
 */
export async function ensureKubernetesService(registry: Registry, options: KubernetesServiceOptions): Promise<void> {
  const first = new ServiceCidr(options.serviceCidr).at(1);
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  const port = { name: 'https', protocol: 'TCP', port: 443, targetPort: options.port };
  await createOrUpdate(
    registry,
    '',
    'services',
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', labels }, spec: { type: 'ClusterIP', clusterIP: first, clusterIPs: [first], sessionAffinity: 'None', ports: [port] } },
    (cur) => (cur.spec as { ports?: { targetPort?: unknown }[] }).ports?.[0]?.targetPort === options.port,
  );
  const endpointPort = { name: 'https', port: options.port, protocol: 'TCP' };
  const subsets = [{ addresses: [{ ip: options.address }], ports: [endpointPort] }];
  await createOrUpdate(registry, '', 'endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }, subsets }, (cur) =>
    isDeepStrictEqual(cur.subsets, subsets),
  );
  const slice = {
    addressType: 'IPv4',
    endpoints: [{ addresses: [options.address], conditions: { ready: true } }],
    ports: [endpointPort],
  };
  await createOrUpdate(
    registry,
    'discovery.k8s.io',
    'endpointslices',
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } }, ...slice },
    (cur) => isDeepStrictEqual(cur.endpoints, slice.endpoints) && isDeepStrictEqual(cur.ports, slice.ports),
  );
}
