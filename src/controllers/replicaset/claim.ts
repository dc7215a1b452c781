/**
 * Adoption and release (upstream pkg/controller/controller_ref_manager.go ClaimObject): of the objects in
 * an owner's namespace, the owner keeps those it controls that its selector still matches, adopts
 * matching orphans (unless it or they are being deleted) and releases those it controls that no longer
 * match. Objects another controller owns are never touched.
 */
import type { Selector } from '../../api/labels';
import { selects } from '../../api/label-selector';
import { type Client, isNotFound, type KubeObject, type ResourceRef } from '../../client/interface';
import { controllerOf, controllerRef } from './pods';

export interface ClaimOptions {
  client: Client;
  /** The resource of the objects claimed (pods, replicasets). */
  resource: ResourceRef;
  owner: KubeObject;
  ownerApiVersion: string;
  ownerKind: string;
  selector: Selector | undefined;
  /** Re-checks, once, that the owner may still adopt (upstream RecheckDeletionTimestamp: fresh, same uid, not deleting). */
  canAdopt: () => Promise<boolean>;
}

export async function claimObjects<T extends KubeObject>(options: ClaimOptions, objects: T[]): Promise<T[]> {
  const { owner, selector } = options;
  const claimed: T[] = [];
  let adoptable: Promise<boolean> | undefined;
  for (const obj of objects) {
    const ref = controllerOf(obj);
    const matches = selects(selector, obj.metadata.labels);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches) claimed.push(obj);
      else if (!owner.metadata.deletionTimestamp) await release(options, obj);
      continue;
    }
    if (!matches || owner.metadata.deletionTimestamp || obj.metadata.deletionTimestamp) continue;
    adoptable ??= options.canAdopt();
    if (!(await adoptable)) continue;
    const adopted = await adopt(options, obj);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

async function adopt<T extends KubeObject>(options: ClaimOptions, obj: T): Promise<T | undefined> {
  const ref = controllerRef(options.owner, options.ownerApiVersion, options.ownerKind);
  const updated = { ...obj, metadata: { ...obj.metadata, ownerReferences: [...(obj.metadata.ownerReferences ?? []), ref] } };
  try {
    return await options.client.update<T>(options.resource, obj.metadata.namespace, updated);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function release(options: ClaimOptions, obj: KubeObject): Promise<void> {
  const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== options.owner.metadata.uid);
  try {
    const { ownerReferences: _released, ...meta } = obj.metadata;
    // An empty list is left out, as upstream's strategic-merge `$patch: delete` leaves it.
    await options.client.update(options.resource, obj.metadata.namespace, { ...obj, metadata: refs.length > 0 ? { ...meta, ownerReferences: refs } : meta });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
