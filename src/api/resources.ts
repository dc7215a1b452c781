/**
 * The resource table: every resource the API server serves, with the facts discovery, OpenAPI, the
 * registry and kubectl need. Adding a built-in kind starts here.
 */
export interface ResourceInfo {
  /** API group; '' for the core (legacy) group served under /api. */
  group: string;
  version: string;
  /** Plural, lowercase: the path segment. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  /** Subresources this resource serves (e.g. 'status'). */
  subresources?: string[];
  /**
   * The OpenAPI schema of the kind when the upstream definitions have none (a CRD version's
   * openAPIV3Schema); OpenAPI documents and `kubectl explain` use it instead of a stand-in.
   */
  schema?: Readonly<Record<string, unknown>>;
  /** The kind of its lists when not `<kind>List` (a CRD's spec.names.listKind). */
  listKind?: string;
}

export function listKindOf(r: Pick<ResourceInfo, 'kind' | 'listKind'>): string {
  return r.listKind ?? `${r.kind}List`;
}

export const standardVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export { builtinResourceTable as builtinResources } from './builtin-resources';

export function groupVersion(r: { group: string; version: string }): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

/** Storage key prefix of a resource: `/registry/<group or core>/<resource>/`. */
export function resourcePrefix(r: { group: string; resource: string }): string {
  return `/registry/${r.group === '' ? 'core' : r.group}/${r.resource}/`;
}
