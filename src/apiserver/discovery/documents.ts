/**
 * The discovery documents, computed from the resource table: APIVersions (/api), APIGroupList (/apis),
 * APIGroup (/apis/<group>), APIResourceList (/api/v1, /apis/<group>/<version>) and the aggregated
 * APIGroupDiscoveryList (apidiscovery.k8s.io v2 and v2beta1) kubectl 1.27+ asks for first.
 * Field names, order and omissions follow upstream's JSON.
 */
import { createHash } from 'node:crypto';
import type { ResourceInfo } from '../../api/resources';
import { compareGroups, compareVersions } from './order';
import { subresourcesOf } from './subresources';

/** Served resources by group (priority order) and version (preferred first). */
export type ServedGroups = Map<string, Map<string, ResourceInfo[]>>;

export function servedGroups(resources: readonly ResourceInfo[]): ServedGroups {
  const byGroup = new Map<string, Map<string, ResourceInfo[]>>();
  for (const r of resources) {
    let versions = byGroup.get(r.group);
    if (!versions) byGroup.set(r.group, (versions = new Map()));
    let list = versions.get(r.version);
    if (!list) versions.set(r.version, (list = []));
    list.push(r);
  }
  const sorted: ServedGroups = new Map();
  for (const group of [...byGroup.keys()].sort(compareGroups)) {
    const versions = byGroup.get(group)!;
    const inner = new Map<string, ResourceInfo[]>();
    for (const version of [...versions.keys()].sort(compareVersions)) {
      inner.set(version, [...versions.get(version)!].sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0)));
    }
    sorted.set(group, inner);
  }
  return sorted;
}

/** Upstream's storageVersionHash: base64 of the first 8 bytes of sha256("<group>/<version>/<kind>"). */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

const gv = (group: string, version: string) => (group === '' ? version : `${group}/${version}`);
const groupVersionForDiscovery = (group: string, version: string) => ({ groupVersion: gv(group, version), version });

export interface ServerAddress {
  clientCIDR: string;
  serverAddress: string;
}

export function apiVersions(groups: ServedGroups, serverAddress: ServerAddress) {
  const versions = [...(groups.get('')?.keys() ?? [])];
  return { kind: 'APIVersions', versions: versions.length > 0 ? versions : ['v1'], serverAddressByClientCIDRs: [serverAddress] };
}

function apiGroupEntry(group: string, versions: Map<string, ResourceInfo[]>) {
  const list = [...versions.keys()].map((v) => groupVersionForDiscovery(group, v));
  return { name: group, versions: list, preferredVersion: list[0]! };
}

export function apiGroupList(groups: ServedGroups) {
  const list = [...groups].filter(([group]) => group !== '').map(([group, versions]) => apiGroupEntry(group, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: list };
}

export function apiGroup(groups: ServedGroups, group: string) {
  const versions = group === '' ? undefined : groups.get(group);
  return versions ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroupEntry(group, versions) } : undefined;
}

const hasStorage = (r: ResourceInfo) => r.verbs.includes('get') || r.verbs.includes('list');

/** /api/v1 or /apis/<group>/<version>: resources and their subresources, sorted by name. */
export function apiResourceList(groups: ServedGroups, group: string, version: string) {
  const resources = groups.get(group)?.get(version);
  if (!resources) return undefined;
  const entries: Array<Record<string, unknown>> = [];
  for (const r of resources) {
    const entry: Record<string, unknown> = { name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: [...r.verbs] };
    if (r.shortNames?.length) entry.shortNames = [...r.shortNames];
    if (r.categories?.length) entry.categories = [...r.categories];
    if (hasStorage(r)) entry.storageVersionHash = storageVersionHash(r.group, r.version, r.kind);
    entries.push(entry);
    for (const sub of subresourcesOf(r)) {
      const other = sub.kind.group !== group || sub.kind.version !== version;
      entries.push({
        name: `${r.resource}/${sub.name}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(other ? { group: sub.kind.group, version: sub.kind.version } : {}),
        kind: sub.kind.kind,
        verbs: sub.verbs,
      });
    }
  }
  entries.sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : 1));
  // The legacy /api/v1 list carries no apiVersion upstream; group lists do.
  return group === '' ? { kind: 'APIResourceList', groupVersion: version, resources: entries } : { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv(group, version), resources: entries };
}

/**
 * responseKind as upstream fills it from the APIResource: group and version are empty unless the kind is
 * from another group version (deployments/scale → autoscaling/v1 Scale).
 */
function responseKind(kind: { group: string; version: string; kind: string }, group: string, version: string) {
  const other = kind.group !== group || kind.version !== version;
  return { group: other ? kind.group : '', version: other ? kind.version : '', kind: kind.kind };
}

function resourceDiscovery(r: ResourceInfo) {
  const entry: Record<string, unknown> = {
    resource: r.resource,
    responseKind: responseKind(r, r.group, r.version),
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: [...r.verbs],
  };
  if (r.shortNames?.length) entry.shortNames = [...r.shortNames];
  if (r.categories?.length) entry.categories = [...r.categories];
  const subs = subresourcesOf(r);
  if (subs.length > 0) {
    entry.subresources = subs.map((s) => ({ subresource: s.name, responseKind: responseKind(s.kind, r.group, r.version), verbs: s.verbs }));
  }
  return entry;
}

export type AggregatedVersion = 'v2' | 'v2beta1';

/** The aggregated list for /api (the core group only, named "") or /apis (every other group). */
export function aggregatedDiscovery(groups: ServedGroups, root: 'api' | 'apis', version: AggregatedVersion) {
  const items = [...groups]
    .filter(([group]) => (root === 'api' ? group === '' : group !== ''))
    .map(([group, versions]) => ({
      metadata: { name: group },
      versions: [...versions].map(([v, resources]) => ({ version: v, resources: resources.map(resourceDiscovery), freshness: 'Current' })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}
