/**
 * What a CRD makes the registry serve: one resource per served version, all over one storage prefix,
 * and which names it may use (upstream's naming controller: no other CRD of the group and no built-in
 * resource of the group may already use its plural, singular, kind, list kind or short names).
 */
import { builtinResources, standardVerbs, type ResourceInfo } from '../../api/resources';
import type { Registry } from '../registry/registry';
import { CustomResourceStore } from './custom-resource-store';
import { customResourceStrategy } from './custom-resource-strategy';
import type { CRD, CRDNames } from './types';

/** The resources a CRD serves, one per served version. */
export function resourcesOf(crd: CRD): ResourceInfo[] {
  const { group, names, scope } = crd.spec;
  return crd.spec.versions
    .filter((v) => v.served)
    .map((v) => {
      const subresources = [...(v.subresources?.status ? ['status'] : []), ...(v.subresources?.scale ? ['scale'] : [])];
      const info: ResourceInfo = {
        group,
        version: v.name,
        resource: names.plural,
        singular: names.singular ?? names.kind.toLowerCase(),
        kind: names.kind,
        namespaced: scope === 'Namespaced',
        verbs: [...standardVerbs],
      };
      if (names.shortNames?.length) info.shortNames = [...names.shortNames];
      if (names.categories?.length) info.categories = [...names.categories];
      if (subresources.length) info.subresources = subresources;
      if (v.schema?.openAPIV3Schema) info.schema = v.schema.openAPIV3Schema;
      if (names.listKind && names.listKind !== `${names.kind}List`) info.listKind = names.listKind;
      return info;
    });
}

/** Registers every served version of `crd`; creates are refused while `acceptsCreates` says no. */
export function serve(registry: Registry, crd: CRD, acceptsCreates: () => boolean): ResourceInfo[] {
  const infos = resourcesOf(crd);
  for (const info of infos) {
    const version = crd.spec.versions.find((v) => v.name === info.version)!;
    const schema = version.schema?.openAPIV3Schema;
    registry.register(info, customResourceStrategy(crd, version), (options) => new CustomResourceStore({ ...options, schema, acceptsCreates }));
  }
  return infos;
}

function namesOf(n: CRDNames): Array<[string, string]> {
  const out: Array<[string, string]> = [['plural', n.plural], ['kind', n.kind]];
  if (n.singular) out.push(['singular', n.singular]);
  if (n.listKind) out.push(['listKind', n.listKind]);
  for (const s of n.shortNames ?? []) out.push(['shortNames', s]);
  return out;
}

/** Why `crd` may not use its names, or undefined when it may. `others` are the CRDs already accepted. */
export function nameConflict(crd: CRD, others: CRD[]): string | undefined {
  const { group, names } = crd.spec;
  for (const b of builtinResources) {
    if (b.group !== group) continue;
    if (b.resource === names.plural) return `plural "${names.plural}" is already in use`;
    if (b.kind === names.kind) return `kind "${names.kind}" is already in use`;
  }
  const mine = namesOf(names);
  for (const other of others) {
    if (other.metadata.name === crd.metadata.name || other.spec.group !== group) continue;
    const theirs = new Set(namesOf(other.status?.acceptedNames ?? other.spec.names).map(([, v]) => v));
    const clash = mine.find(([, v]) => theirs.has(v));
    if (clash) return `${clash[0] === 'shortNames' ? 'shortName' : clash[0]} "${clash[1]}" is already in use`;
  }
  return undefined;
}
