/**
 * What each subresource serves: its verbs and the kind its requests and responses carry, as upstream's
 * registry declares them (e.g. deployments/scale speaks autoscaling/v1 Scale, pods/eviction policy/v1
 * Eviction). Discovery lists these; OpenAPI builds the subresource paths from them.
 */
import type { ResourceInfo } from '../../api/resources';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface SubresourceInfo {
  name: string;
  verbs: string[];
  /** The kind of the subresource's body: the parent's own kind unless the table says otherwise. */
  kind: GroupVersionKind;
}

const readWrite = ['get', 'patch', 'update'];
const core = (kind: string): GroupVersionKind => ({ group: '', version: 'v1', kind });

/** Subresources that do not follow the default (get/patch/update on the parent's kind). */
const table: Record<string, { verbs: string[]; kind?: (parent: ResourceInfo) => GroupVersionKind }> = {
  status: { verbs: readWrite },
  scale: { verbs: readWrite, kind: () => ({ group: 'autoscaling', version: 'v1', kind: 'Scale' }) },
  finalize: { verbs: ['update'] },
  binding: { verbs: ['create'], kind: () => core('Binding') },
  eviction: { verbs: ['create'], kind: () => ({ group: 'policy', version: 'v1', kind: 'Eviction' }) },
  log: { verbs: ['get'] },
  exec: { verbs: ['create', 'get'], kind: () => core('PodExecOptions') },
  attach: { verbs: ['create', 'get'], kind: () => core('PodAttachOptions') },
  portforward: { verbs: ['create', 'get'], kind: () => core('PodPortForwardOptions') },
  proxy: { verbs: ['create', 'delete', 'get', 'patch', 'update'], kind: (parent) => core(`${parent.kind}ProxyOptions`) },
  ephemeralcontainers: { verbs: readWrite },
  resize: { verbs: readWrite },
  token: { verbs: ['create'], kind: () => ({ group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }) },
  approval: { verbs: readWrite },
};

/** The subresources of a resource, sorted by name as upstream lists them. */
export function subresourcesOf(parent: ResourceInfo): SubresourceInfo[] {
  return [...(parent.subresources ?? [])].sort().map((name) => {
    const entry = table[name];
    return {
      name,
      verbs: [...(entry?.verbs ?? readWrite)],
      kind: entry?.kind?.(parent) ?? { group: parent.group, version: parent.version, kind: parent.kind },
    };
  });
}
