/**
 * LimitRanger admission (upstream plugin/pkg/admission/limitranger): a new pod's containers get the
 * namespace's LimitRange `default` limits and `defaultRequest` requests where they set none (noted in the
 * `kubernetes.io/limit-ranger` annotation), then pods, containers and claims are checked against `min`,
 * `max` and `maxLimitRequestRatio`, refused 403 with upstream's wording.
 */
import { defaultLimitRangeItem, type LimitRangeItem } from '../../api/limit-range';
import { milli } from '../../api/quantity';
import { errors } from '../errors';
import type { KubeObject } from '../registry/generic/strategy';
import { type AdmissionPlugin, objectNameForError } from './admission';
import type { Lister } from './object-cache';

type ResourceList = Record<string, string>;
type LimitItem = LimitRangeItem;
interface Container {
  name: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
}

export const limitRangerAnnotation = 'kubernetes.io/limit-ranger';

/** Sets defaults where unset; returns upstream's annotation parts ("cpu request for container c"). */
function defaultContainer(c: Container, kind: string, item: LimitItem): string[] {
  const resources = (c.resources ??= {});
  // The API's own defaulting (requests = limits where only a limit is set) comes before admission upstream.
  for (const [k, v] of Object.entries(resources.limits ?? {})) if (resources.requests?.[k] === undefined) (resources.requests ??= {})[k] = v;
  const setRequests: string[] = [];
  const setLimits: string[] = [];
  for (const [k, v] of Object.entries(item.default ?? {})) {
    if (resources.limits?.[k] !== undefined) continue;
    (resources.limits ??= {})[k] = v;
    setLimits.push(k);
  }
  for (const [k, v] of Object.entries(item.defaultRequest ?? {})) {
    if (resources.requests?.[k] !== undefined) continue;
    (resources.requests ??= {})[k] = v;
    setRequests.push(k);
  }
  const parts: string[] = [];
  if (setRequests.length) parts.push(`${setRequests.sort().join(', ')} request for ${kind} ${c.name}`);
  if (setLimits.length) parts.push(`${setLimits.sort().join(', ')} limit for ${kind} ${c.name}`);
  return parts;
}

function minConstraint(type: string, name: string, enforced: string, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests[name];
  const lim = limits[name];
  if (req === undefined) return `minimum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (milli(req) < milli(enforced)) return `minimum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  if (lim !== undefined && milli(lim) < milli(enforced)) return `minimum ${name} usage per ${type} is ${enforced}, but limit is ${lim}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: string, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests[name];
  const lim = limits[name];
  if (lim === undefined) return `maximum ${name} usage per ${type} is ${enforced}.  No limit is specified`;
  if (milli(lim) > milli(enforced)) return `maximum ${name} usage per ${type} is ${enforced}, but limit is ${lim}`;
  if (req !== undefined && milli(req) > milli(enforced)) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: string, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests[name];
  const lim = limits[name];
  if (lim === undefined) return undefined;
  if (req === undefined || milli(req) === 0) return `${name} max limit to request ratio per ${type} is ${enforced}, but no request is specified or request is 0`;
  const ratio = milli(lim) / milli(req);
  if (ratio > milli(enforced) / 1000) return `${name} max limit to request ratio per ${type} is ${enforced}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

function check(item: LimitItem, requests: ResourceList, limits: ResourceList): string[] {
  const out: (string | undefined)[] = [];
  for (const [k, v] of Object.entries(item.min ?? {})) out.push(minConstraint(item.type, k, v, requests, limits));
  for (const [k, v] of Object.entries(item.max ?? {})) out.push(maxConstraint(item.type, k, v, requests, limits));
  for (const [k, v] of Object.entries(item.maxLimitRequestRatio ?? {})) out.push(ratioConstraint(item.type, k, v, requests, limits));
  return out.filter((e): e is string => !!e);
}

/** Pod totals: containers summed, the largest init container where it is more (upstream podRequests/podLimits). */
function podTotals(containers: Container[], inits: Container[], kind: 'requests' | 'limits'): ResourceList {
  const total = new Map<string, number>();
  for (const c of containers) for (const [k, v] of Object.entries(c.resources?.[kind] ?? {})) total.set(k, (total.get(k) ?? 0) + milli(v));
  for (const c of inits) for (const [k, v] of Object.entries(c.resources?.[kind] ?? {})) total.set(k, Math.max(total.get(k) ?? 0, milli(v)));
  return Object.fromEntries([...total].map(([k, v]) => [k, v % 1000 === 0 ? String(v / 1000) : `${v}m`]));
}

function admitPod(pod: KubeObject, items: LimitItem[]): string[] {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const containers = spec.containers ?? [];
  const inits = spec.initContainers ?? [];
  const annotations: string[] = [];
  const problems: string[] = [];
  for (const item of items.filter((i) => i.type === 'Container')) {
    for (const c of containers) annotations.push(...defaultContainer(c, 'container', item));
    for (const c of inits) annotations.push(...defaultContainer(c, 'init container', item));
    for (const c of [...containers, ...inits]) problems.push(...check(item, c.resources?.requests ?? {}, c.resources?.limits ?? {}));
  }
  for (const item of items.filter((i) => i.type === 'Pod')) problems.push(...check(item, podTotals(containers, inits, 'requests'), podTotals(containers, inits, 'limits')));
  if (annotations.length) (pod.metadata.annotations ??= {})[limitRangerAnnotation] = `LimitRanger plugin set: ${annotations.join('; ')}`;
  return problems;
}

function admitClaim(pvc: KubeObject, items: LimitItem[]): string[] {
  const requests = ((pvc.spec as { resources?: { requests?: ResourceList } } | undefined)?.resources?.requests ?? {}) as ResourceList;
  const problems: string[] = [];
  for (const item of items.filter((i) => i.type === 'PersistentVolumeClaim')) {
    for (const [k, v] of Object.entries(item.min ?? {})) problems.push(minConstraint(item.type, k, v, requests, {}) ?? '');
    // Upstream passes the claim's requests as limits here, so the message says "limit".
    for (const [k, v] of Object.entries(item.max ?? {})) problems.push(maxConstraint(item.type, k, v, {}, requests) ?? '');
  }
  return problems.filter(Boolean);
}

export function limitRanger(limitRanges: Lister): AdmissionPlugin {
  return {
    name: 'LimitRanger',
    async admit(req) {
      if (req.operation !== 'CREATE' || req.subresource || req.info.group !== '' || !req.namespace || !req.object) return;
      if (req.info.resource !== 'pods' && req.info.resource !== 'persistentvolumeclaims') return;
      const ranges = await limitRanges.list(req.namespace);
      if (!ranges.length) return;
      const items = ranges.flatMap((r) => ((r.spec as { limits?: LimitItem[] } | undefined)?.limits ?? []).map(defaultLimitRangeItem));
      const problems = req.info.resource === 'pods' ? admitPod(req.object, items) : admitClaim(req.object, items);
      if (!problems.length) return;
      const why = problems.length === 1 ? problems[0]! : `[${problems.join(', ')}]`;
      throw errors.forbidden({ group: '', resource: req.info.resource }, objectNameForError(req), why);
    },
  };
}
