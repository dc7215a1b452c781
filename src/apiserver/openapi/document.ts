/**
 * What goes into an OpenAPI document, shared by both versions: the paths of a set of resources, and
 * the definitions those paths reach, with the kinds every group version carries (DeleteOptions,
 * WatchEvent) tagged with each served group version, as upstream tags them.
 */
import type { ResourceInfo } from '../../api/resources';
import { collectRefs, closure, KindResolver, meta, type Definitions, type Schema } from './definitions';
import { discoveryPaths, type Paths, resourcePaths } from './operations';

/** Kinds upstream lists under every group version it serves. */
const everyGroupVersion = [meta('DeleteOptions'), meta('WatchEvent')];

export interface DocumentParts {
  paths: Paths;
  /** The definitions the paths reach, by name, sorted. */
  schemas: Record<string, Schema>;
}

/** Paths for the resources given (and the discovery path of each of their group versions). */
export function resourceDocument(definitions: Definitions, resources: readonly ResourceInfo[], served: readonly ResourceInfo[], extraPaths: Paths = new Map()): DocumentParts {
  const kinds = new KindResolver(definitions, served);
  const paths: Paths = new Map(extraPaths);
  const groupVersions = new Map<string, { group: string; version: string }>();
  for (const r of resources) groupVersions.set(`${r.group}/${r.version}`, r);
  for (const { group, version } of groupVersions.values()) discoveryPaths(group, version, paths);
  for (const r of resources) resourcePaths(r, kinds, paths);
  return { paths: sortPaths(paths), schemas: reachable(paths, kinds, served) };
}

function sortPaths(paths: Paths): Paths {
  return new Map([...paths].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function reachable(paths: Paths, kinds: KindResolver, served: readonly ResourceInfo[]): Record<string, Schema> {
  const roots: string[] = [];
  for (const item of paths.values()) collectRefs(item, roots);
  const names = [...closure(roots, (n) => kinds.schema(n))].sort();
  const servedGVs = new Map<string, { group: string; version: string }>();
  for (const r of served) servedGVs.set(`${r.group}/${r.version}`, r);
  const schemas: Record<string, Schema> = {};
  for (const name of names) {
    const schema = kinds.schema(name)!;
    if (everyGroupVersion.includes(name)) {
      const kind = name.slice(name.lastIndexOf('.') + 1);
      const gvks = [...servedGVs.values()].map(({ group, version }) => ({ group, kind, version }));
      schemas[name] = { ...schema, 'x-kubernetes-group-version-kind': gvks };
    } else {
      schemas[name] = schema;
    }
  }
  return schemas;
}
