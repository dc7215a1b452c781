/** Storage keys of a resource: `/registry/<group|core>/<resource>/[<namespace>/]<name>`. */
import { resourcePrefix, type ResourceInfo } from '../../../api/resources';

export interface Keys {
  /** Prefix of every object of the resource. */
  all: string;
  /** Prefix of the objects in one namespace (or of all, for cluster-scoped resources and ns undefined). */
  prefix(namespace: string | undefined): string;
  key(namespace: string | undefined, name: string): string;
  /** The name part of a key. */
  nameOf(key: string): string;
}

export function keysFor(info: ResourceInfo): Keys {
  const all = resourcePrefix(info);
  return {
    all,
    prefix: (ns) => (info.namespaced && ns ? `${all}${ns}/` : all),
    key: (ns, name) => (info.namespaced ? `${all}${ns}/${name}` : `${all}${name}`),
    nameOf: (key) => key.slice(key.lastIndexOf('/') + 1),
  };
}
