/**
 * Turns a resource URL into what it names (upstream apiserver/pkg/endpoints/request.RequestInfo):
 * `/api/v1/namespaces/default/configmaps/x`, `/apis/apps/v1/deployments`, `/api/v1/namespaces/x/status`…
 */
import type { Registry, Served } from '../registry/registry';

export interface ResourceRequest extends Served {
  group: string;
  version: string;
  /** The namespace from the path (undefined for cluster-scoped resources and all-namespace lists). */
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** undefined when the path names no served resource. */
export function resolveRequest(registry: Registry, path: string): ResourceRequest | undefined {
  const parts: string[] = [];
  for (const p of path.split('/')) if (p !== '') parts.push(p.includes('%') ? decodeURIComponent(p) : p);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else return undefined;

  // namespaces/<ns>/<resource>[/<name>[/<subresource>]] names a namespaced resource when <resource> is one.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const served = registry.lookup(group, version, rest[2]!);
    if (served?.info.namespaced && rest.length <= 5) {
      return { info: served.info, store: served.store, group, version, namespace: rest[1], name: rest[3], subresource: rest[4] };
    }
  }
  const served = registry.lookup(group, version, rest[0]!);
  if (!served || rest.length > 3) return undefined;
  return { info: served.info, store: served.store, group, version, name: rest[1], subresource: rest[2] };
}
