/**
 * How many pods a budget's pods' controllers want (upstream getExpectedScale): each pod's controller is
 * looked up once; a ReplicaSet a Deployment controls counts as that Deployment; the count is the
 * controller's `spec.replicas` read through its scale subresource, checked to be the same object (uid).
 * Pods without a controller are unmanaged and not counted.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { Informer } from '../../client/informer';
import { type Client, isNotFound, type KubeObject, type ServedResource } from '../../client/interface';

type OwnerReference = NonNullable<KubeObject['metadata']['ownerReferences']>[number];

export interface ScaleLookup {
  client: Client;
  resources: ServedResource[];
  replicaSets: Informer;
}

export function controllerRef(obj: { metadata?: { ownerReferences?: OwnerReference[] } }): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller);
}

function resourceFor(lookup: ScaleLookup, ref: OwnerReference): ServedResource | undefined {
  const [group, version] = ref.apiVersion.includes('/') ? ref.apiVersion.split('/') : ['', ref.apiVersion];
  return lookup.resources.find((r) => r.group === group && r.version === version && r.kind === ref.kind && !r.resource.includes('/'));
}

/** The scale of the controller `ref` names, or undefined when there is none with that uid. */
async function scaleOf(lookup: ScaleLookup, namespace: string, ref: OwnerReference): Promise<{ uid: string; replicas: number } | undefined> {
  const resource = resourceFor(lookup, ref);
  if (!resource) return undefined;
  try {
    const scale = await lookup.client.get(resource, namespace, ref.name, { subresource: 'scale' });
    if (scale.metadata.uid !== ref.uid) return undefined;
    return { uid: ref.uid, replicas: (scale.spec as { replicas?: number } | undefined)?.replicas ?? 0 };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A ReplicaSet controlled by a Deployment stands for that Deployment (rollouts keep one count). */
function effectiveController(lookup: ScaleLookup, namespace: string, ref: OwnerReference): OwnerReference {
  if (ref.kind !== 'ReplicaSet' || !ref.apiVersion.startsWith('apps/')) return ref;
  const rs = lookup.replicaSets.get(`${namespace}/${ref.name}`);
  if (!rs || rs.metadata.uid !== ref.uid) return ref;
  const owner = controllerRef(rs);
  return owner && owner.kind === 'Deployment' && owner.apiVersion.startsWith('apps/') ? owner : ref;
}

/** Sum of the controllers' replicas, and the names of pods without a controller; throws when a controller is missing. */
export async function expectedScale(lookup: ScaleLookup, namespace: string, pods: Pod[]): Promise<{ scale: number; unmanaged: string[] }> {
  const seen = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = controllerRef(pod as { metadata?: { ownerReferences?: OwnerReference[] } });
    if (!ref) {
      unmanaged.push(pod.metadata!.name!);
      continue;
    }
    const target = effectiveController(lookup, namespace, ref);
    if (seen.has(target.uid)) continue;
    const found = await scaleOf(lookup, namespace, target);
    if (!found) throw new Error(`found no controllers for pod "${pod.metadata!.name}"`);
    seen.set(found.uid, found.replicas);
  }
  return { scale: [...seen.values()].reduce((a, b) => a + b, 0), unmanaged };
}
