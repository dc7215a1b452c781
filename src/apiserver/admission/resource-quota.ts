/**
 * ResourceQuota admission (upstream plugin/pkg/admission/resourcequota): a create that would take a
 * namespace over a quota's status.hard is refused 403 with upstream's "exceeded quota" text; a pod missing
 * requests or limits a quota tracks is refused with "must specify …". An admitted create is charged to
 * each quota's status.used at once, by compare-and-swap on the quota, so two concurrent creates cannot
 * both take the last unit; the quota controller recounts from the objects later.
 */
import { formatUsage, matchesScopes, objectUsage, podConstraintViolation, type QuotaScopes, type Usage, parseResourceList, trackedResource } from '../../api/quota';
import { errors } from '../errors';
import type { KubeObject } from '../registry/generic/strategy';
import type { GenericStore } from '../registry/generic/store';
import { type AdmissionPlugin, type AdmissionRequest, objectNameForError } from './admission';
import type { Lister } from './object-cache';

interface Quota {
  metadata: KubeObject['metadata'];
  spec?: { hard?: Record<string, string> } & QuotaScopes;
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

const pretty = (names: string[], u: Usage) => names.map((n) => `${n}=${formatUsage(n, u.get(n) ?? 0)}`).join(',');

/** The charged quota, or a reason to refuse (upstream quotaEvaluator.checkRequest for one quota). */
function charge(quota: Quota, delta: Usage): { used: Record<string, string> } | { refuse: string } {
  const name = quota.metadata.name!;
  const hardSpec = Object.keys(quota.spec?.hard ?? {});
  const tracked = hardSpec.filter((n) => delta.has(n)).sort();
  const statusHard = parseResourceList(quota.status?.hard);
  const unknown = tracked.filter((n) => !statusHard.has(n));
  if (unknown.length) return { refuse: `status unknown for quota: ${name}, resource: ${unknown.join(',')}` };
  const used = parseResourceList(quota.status?.used);
  const next: Usage = new Map(used);
  for (const n of tracked) next.set(n, (used.get(n) ?? 0) + delta.get(n)!);
  const exceeded = tracked.filter((n) => next.get(n)! > statusHard.get(n)!);
  if (exceeded.length) {
    return { refuse: `exceeded quota: ${name}, requested: ${pretty(exceeded, delta)}, used: ${pretty(exceeded, used)}, limited: ${pretty(exceeded, statusHard)}` };
  }
  return { used: { ...(quota.status?.used ?? {}), ...Object.fromEntries(tracked.map((n) => [n, formatUsage(n, next.get(n)!)])) } };
}

/** upstream Evaluator.Matches: the quota limits something measured on this kind of object (used or not). */
function tracks(quota: Quota, group: string, resource: string): boolean {
  return Object.keys(quota.spec?.hard ?? {}).some((n) => {
    const t = trackedResource(n);
    return t?.group === group && t.resource === resource;
  });
}

/** Kinds whose updates can use more (upstream's service and claim evaluators handle UPDATE; pods only CREATE). */
const chargedOnUpdate = new Set(['services', 'persistentvolumeclaims']);

/** What the request adds: all of a new object's usage, or what an update uses beyond the stored object. */
async function requestedUsage(req: AdmissionRequest, store: (group: string, resource: string) => GenericStore, now: number): Promise<Usage | undefined> {
  const usage = objectUsage(req.info.group, req.info.resource, req.object!, now);
  if (req.operation === 'CREATE') return usage;
  if (req.info.group !== '' || !chargedOnUpdate.has(req.info.resource) || !req.name) return undefined;
  const old = objectUsage(req.info.group, req.info.resource, await store(req.info.group, req.info.resource).get(req.namespace, req.name), now);
  const delta: Usage = new Map([...usage].map(([k, v]) => [k, v - (old.get(k) ?? 0)]).filter(([, v]) => (v as number) > 0) as [string, number][]);
  return delta.size ? delta : undefined;
}

export function resourceQuota(store: (group: string, resource: string) => GenericStore, quotaLister: Lister, now: () => number): AdmissionPlugin {
  const quotas = () => store('', 'resourcequotas');
  return {
    name: 'ResourceQuota',
    async admit(req: AdmissionRequest) {
      if (req.operation === 'DELETE' || req.subresource || !req.info.namespaced || !req.namespace || !req.object) return;
      const delta = await requestedUsage(req, store, now());
      if (!delta) return;
      const all = (await quotaLister.list(req.namespace)) as unknown as Quota[];
      const matching = all.filter((q) => tracks(q, req.info.group, req.info.resource) && matchesScopes(q.spec, req.info.group, req.info.resource, req.object!)).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
      if (!matching.length) return;
      const gr = { group: req.info.group, resource: req.info.resource };
      const objName = objectNameForError(req);
      for (const q of matching) {
        const violation = req.operation === 'CREATE' && req.info.group === '' && req.info.resource === 'pods' ? podConstraintViolation(Object.keys(q.spec?.hard ?? {}), req.object.spec as Record<string, unknown>) : undefined;
        if (violation) throw errors.forbidden(gr, objName, `failed quota: ${q.metadata.name}: ${violation}`);
        const check = charge(q, delta);
        if ('refuse' in check) throw errors.forbidden(gr, objName, check.refuse);
      }
      if (req.dryRun) return;
      // Every quota allows it: charge each, re-checking against the stored quota in case another create won.
      for (const q of matching) {
        await quotas().guaranteedUpdate(
          req.namespace,
          q.metadata.name!,
          (current) => {
            const check = charge(current as unknown as Quota, delta);
            if ('refuse' in check) throw errors.forbidden(gr, objName, check.refuse);
            return { ...current, status: { ...(current.status as object), used: check.used } };
          },
          { subresource: 'status' },
        );
      }
    },
  };
}
