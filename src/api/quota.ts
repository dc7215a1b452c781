/**
 * ResourceQuota accounting (upstream pkg/quota/v1/evaluator/core and apiserver's generic object-count
 * evaluator), shared by the quota controller (status.used) and quota admission: what one object uses
 * of which quota resources, in thousandths of a unit so sums stay exact, and how a sum is written back.
 */
import { milli } from './quantity';

/** Quota usage: resource name → thousandths of a unit (millicores, millibytes, milli-objects). */
export type Usage = Map<string, number>;

interface Obj {
  metadata?: { deletionTimestamp?: string | null; deletionGracePeriodSeconds?: number | null };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

type ResourceList = Record<string, string | number> | undefined;
interface Container {
  name: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
}

/** Resources with legacy quota names (`pods`, not `count/pods`) besides their `count/` name. */
const legacyCounted = new Set(['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas']);

/** Upstream ObjectCountQuotaResourceNameFor: `count/<resource>` or `count/<resource>.<group>`. */
export function objectCountName(group: string, resource: string): string {
  return group ? `count/${resource}.${group}` : `count/${resource}`;
}

/** Which API resource a quota resource name is measured on, or undefined for names no evaluator knows. */
export function trackedResource(name: string): { group: string; resource: string } | undefined {
  if (name.startsWith('count/')) {
    const [resource, ...group] = name.slice('count/'.length).split('.');
    return { group: group.join('.'), resource: resource! };
  }
  if (legacyCounted.has(name) && name !== 'pods') return { group: '', resource: name };
  if (name === 'pods' || /^(requests\.|limits\.)?(cpu|memory|ephemeral-storage)$/.test(name) || name.startsWith('requests.hugepages-')) return { group: '', resource: 'pods' };
  if (name === 'services.nodeports' || name === 'services.loadbalancers') return { group: '', resource: 'services' };
  if (name === 'requests.storage' || name.includes('.storageclass.storage.k8s.io/')) return { group: '', resource: 'persistentvolumeclaims' };
  return undefined;
}

function add(u: Usage, name: string, value: number): void {
  u.set(name, (u.get(name) ?? 0) + value);
}

/**
 * A container's requests or limits; requests default to limits where unset, as upstream's pod defaulting
 * does before admission sees the pod (here defaulting runs later, in the store).
 */
function containerList(c: Container, kind: 'requests' | 'limits'): Record<string, string | number> {
  return kind === 'limits' ? { ...(c.resources?.limits ?? {}) } : { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
}

/** Sum of the containers' values, or the largest init container's when that is more (upstream PodRequests). */
function podResourceSum(spec: Record<string, unknown> | undefined, kind: 'requests' | 'limits'): Map<string, number> {
  const total = new Map<string, number>();
  for (const c of (spec?.containers ?? []) as Container[]) for (const [k, v] of Object.entries(containerList(c, kind))) total.set(k, (total.get(k) ?? 0) + milli(v));
  for (const c of (spec?.initContainers ?? []) as Container[]) for (const [k, v] of Object.entries(containerList(c, kind))) total.set(k, Math.max(total.get(k) ?? 0, milli(v)));
  for (const [k, v] of Object.entries((spec?.overhead ?? {}) as Record<string, string>)) if (total.has(k)) total.set(k, total.get(k)! + milli(v));
  return total;
}

/** Upstream QuotaV1Pod: finished pods, and pods whose deletion grace period has run out, use no compute quota. */
function podCharged(pod: Obj, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const deletion = pod.metadata?.deletionTimestamp;
  if (deletion && now > Date.parse(deletion) + (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000) return false;
  return true;
}

function podUsage(pod: Obj, now: number, u: Usage): void {
  if (!podCharged(pod, now)) return;
  add(u, 'pods', 1000);
  const requests = podResourceSum(pod.spec, 'requests');
  const limits = podResourceSum(pod.spec, 'limits');
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    if (requests.has(r)) {
      add(u, r, requests.get(r)!);
      add(u, `requests.${r}`, requests.get(r)!);
    }
    if (limits.has(r)) add(u, `limits.${r}`, limits.get(r)!);
  }
  for (const [r, v] of requests) if (r.startsWith('hugepages-') || r.includes('/')) add(u, `requests.${r}`, v);
}

function serviceUsage(svc: Obj, u: Usage): void {
  const type = svc.spec?.type;
  if (type === 'LoadBalancer') add(u, 'services.loadbalancers', 1000);
  if (type === 'NodePort' || type === 'LoadBalancer') add(u, 'services.nodeports', 1000 * ((svc.spec?.ports as unknown[] | undefined)?.length ?? 0));
}

function claimUsage(pvc: Obj, u: Usage): void {
  const storage = (pvc.spec?.resources as { requests?: ResourceList } | undefined)?.requests?.storage;
  const value = storage === undefined ? 0 : milli(storage);
  add(u, 'requests.storage', value);
  const cls = pvc.spec?.storageClassName as string | undefined;
  if (cls) {
    add(u, `${cls}.storageclass.storage.k8s.io/requests.storage`, value);
    add(u, `${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`, 1000);
  }
}

/** What one object of `group/resource` uses of every quota resource (upstream Evaluator.Usage). */
export function objectUsage(group: string, resource: string, obj: Obj, now: number): Usage {
  const u: Usage = new Map([[objectCountName(group, resource), 1000]]);
  if (group !== '') return u;
  if (resource === 'pods') podUsage(obj, now, u);
  else if (legacyCounted.has(resource)) add(u, resource, 1000);
  if (resource === 'services') serviceUsage(obj, u);
  if (resource === 'persistentvolumeclaims') claimUsage(obj, u);
  return u;
}

/** The resources a pod must state per container when a quota tracks them (upstream's validationSet). */
const mustSpecify = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

/**
 * Upstream podEvaluator.Constraints: when a quota tracks cpu or memory requests or limits, every
 * container must state them. Returns upstream's "must specify …" text, or undefined.
 */
export function podConstraintViolation(tracked: Iterable<string>, spec: Record<string, unknown> | undefined): string | undefined {
  const required = [...tracked].filter((r) => mustSpecify.has(r));
  const missing = new Map<string, Set<string>>();
  const containers = [...((spec?.containers ?? []) as Container[]), ...((spec?.initContainers ?? []) as Container[])];
  for (const c of containers) {
    const has = (kind: 'requests' | 'limits', r: string) => containerList(c, kind)[r] !== undefined;
    for (const r of required) {
      const [kind, res] = r.includes('.') ? (r.split('.') as ['requests' | 'limits', string]) : (['requests', r] as const);
      if (!has(kind, res)) missing.set(r, (missing.get(r) ?? new Set()).add(c.name));
    }
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

const binarySuffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const decimalSuffixes = ['m', '', 'k', 'M', 'G', 'T', 'P', 'E'];

/** A usage sum as upstream prints quantities: byte counts in binary units when exact ("128Mi"), else decimal ("500m", "2"). */
export function formatUsage(name: string, thousandths: number): string {
  if (thousandths === 0) return '0';
  const bytesLike = /memory|storage/.test(name);
  if (bytesLike && thousandths % 1000 === 0) {
    let v = thousandths / 1000;
    let i = 0;
    while (v % 1024 === 0 && i < binarySuffixes.length - 1) [v, i] = [v / 1024, i + 1];
    if (i > 0) return `${v}${binarySuffixes[i]}`;
  }
  let v = thousandths;
  let i = 0;
  while (v % 1000 === 0 && i < decimalSuffixes.length - 1) [v, i] = [v / 1000, i + 1];
  return `${v}${decimalSuffixes[i]}`;
}

/** Parses a ResourceList into thousandths. */
export function parseResourceList(list: Record<string, string | number> | undefined): Usage {
  return new Map(Object.entries(list ?? {}).map(([k, v]) => [k, milli(v)]));
}

interface ScopeRequirement {
  scopeName: string;
  operator?: string;
  values?: string[];
}

export interface QuotaScopes {
  scopes?: string[];
  scopeSelector?: { matchExpressions?: ScopeRequirement[] };
}

function isBestEffort(spec: Record<string, unknown> | undefined): boolean {
  const containers = [...((spec?.containers ?? []) as Container[]), ...((spec?.initContainers ?? []) as Container[])];
  return containers.every((c) => !Object.keys(c.resources?.requests ?? {}).length && !Object.keys(c.resources?.limits ?? {}).length);
}

function podMatchesScope(req: ScopeRequirement, spec: Record<string, unknown> | undefined): boolean {
  const deadline = spec?.activeDeadlineSeconds as number | undefined;
  switch (req.scopeName) {
    case 'Terminating':
      return deadline !== undefined && deadline !== null && deadline >= 0;
    case 'NotTerminating':
      return !(deadline !== undefined && deadline !== null && deadline >= 0);
    case 'BestEffort':
      return isBestEffort(spec);
    case 'NotBestEffort':
      return !isBestEffort(spec);
    case 'PriorityClass': {
      const cls = spec?.priorityClassName as string | undefined;
      if (req.operator === 'Exists') return !!cls;
      if (req.operator === 'DoesNotExist') return !cls;
      const listed = !!cls && (req.values ?? []).includes(cls);
      return req.operator === 'NotIn' ? !listed : listed;
    }
    default:
      return false;
  }
}

/**
 * Upstream generic.Matches for scoped quotas: a quota with scopes (or a scope selector) counts only pods,
 * and only those matching every scope; an unscoped quota counts everything.
 */
export function matchesScopes(quota: QuotaScopes | undefined, group: string, resource: string, obj: Obj): boolean {
  const reqs: ScopeRequirement[] = [...(quota?.scopes ?? []).map((scopeName) => ({ scopeName, operator: 'Exists' })), ...(quota?.scopeSelector?.matchExpressions ?? [])];
  if (!reqs.length) return true;
  if (group !== '' || resource !== 'pods') return false;
  return reqs.every((r) => podMatchesScope(r, obj.spec));
}
