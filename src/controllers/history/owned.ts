/**
 * What the StatefulSet and DaemonSet controllers share about the objects they own: a handler that
 * enqueues the controlling owner of a pod or revision (or, for an orphan, every owner whose selector
 * matches it, so it can be adopted), and the adoption check upstream calls RecheckDeletionTimestamp.
 */
import { selectFromLabelSelector } from './selector';
import type { InformerHandlers } from '../../client/informer';
import type { Client, KubeObject, ResourceRef } from '../../client/interface';
import { controllerOf } from '../replicaset/pods';

export interface OwnerLookup {
  kind: string;
  /** The owners in a namespace (from the cache). */
  ownersIn(namespace: string): KubeObject[];
  enqueue(key: string): void;
}

/** Handlers for an owned resource: changes go to the controlling owner's key. */
export function ownedHandlers(lookup: OwnerLookup): InformerHandlers<KubeObject> {
  const route = (obj: KubeObject) => {
    const ns = obj.metadata.namespace ?? '';
    const ref = controllerOf(obj);
    if (ref) {
      if (ref.kind === lookup.kind) lookup.enqueue(`${ns}/${ref.name}`);
      return;
    }
    for (const owner of lookup.ownersIn(ns)) if (selectFromLabelSelector(owner, obj.metadata.labels)) lookup.enqueue(`${ns}/${owner.metadata.name}`);
  };
  return {
    onAdd: route,
    onUpdate: (old, obj) => {
      const before = controllerOf(old);
      if (before && before.uid !== controllerOf(obj)?.uid && before.kind === lookup.kind) lookup.enqueue(`${old.metadata.namespace}/${before.name}`);
      route(obj);
    },
    onDelete: route,
  };
}

/** Re-reads the owner: it may adopt only if it is the same object and not being deleted. */
export async function canAdopt(client: Client, resource: ResourceRef, owner: KubeObject): Promise<boolean> {
  const fresh = await client.get(resource, owner.metadata.namespace, owner.metadata.name!);
  return fresh.metadata.uid === owner.metadata.uid && !fresh.metadata.deletionTimestamp;
}
