/**
 * PersistentVolumeClaims from volumeClaimTemplates (upstream StatefulPodControl createPersistentVolumeClaims
 * and the persistentVolumeClaimRetentionPolicy): a pod's claims are made before the pod, never by the pod.
 * Retention is expressed in ownerReferences, so the garbage collector does the deleting:
 * whenDeleted=Delete makes the set the claim's controller, whenScaled=Delete makes a scaled-down pod its
 * controller (the claim goes with the pod); Retain leaves no reference.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Informer } from '../../client/informer';
import { type Client, isAlreadyExists, isNotFound, type KubeObject } from '../../client/interface';
import type { EventRecorder } from '../../client/event-recorder';
import { controllerRef, type OwnerReference } from '../replicaset/pods';
import { asSet, claimsFor, ordinalOf, startOrdinal } from './identity';

export const claimsRef = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };

/** Whether `ordinal` is one the set keeps at its current size (upstream podInOrdinalRange). */
export function inOrdinalRange(set: KubeObject, ordinal: number): boolean {
  const start = startOrdinal(asSet(set));
  return ordinal >= start && ordinal < start + (asSet(set).spec?.replicas ?? 1);
}

/** Upstream updateClaimOwnerRefForSetAndPod: the claim's ownerReferences the retention policy asks for. */
export function claimOwners(claim: KubeObject, set: KubeObject, pod: KubeObject): OwnerReference[] {
  const ours = (r: OwnerReference) => r.uid === set.metadata.uid || r.uid === pod.metadata.uid || (r.kind === 'StatefulSet' && r.name === set.metadata.name) || (r.kind === 'Pod' && r.name === pod.metadata.name);
  const refs = (claim.metadata.ownerReferences ?? []).filter((r) => !ours(r));
  // Another controller owns it: leave it to that one.
  if (refs.some((r) => r.controller)) return refs;
  const policy = asSet(set).spec?.persistentVolumeClaimRetentionPolicy;
  const scaledDown = !inOrdinalRange(set, ordinalOf(pod));
  if (policy?.whenScaled === 'Delete' && scaledDown) refs.push(controllerRef(pod, 'v1', 'Pod'));
  else if (policy?.whenDeleted === 'Delete' && !scaledDown) refs.push(controllerRef(set, 'apps/v1', 'StatefulSet'));
  return refs;
}

export class ClaimControl {
  constructor(private readonly options: { client: Client; claims: Informer; recorder: EventRecorder }) {}

  /** Creates the pod's missing claims (upstream createPersistentVolumeClaims), owned as the policy says. */
  async createMissing(set: KubeObject, pod: KubeObject): Promise<void> {
    for (const claim of claimsFor(set, ordinalOf(pod))) {
      const key = `${claim.metadata!.namespace}/${claim.metadata!.name}`;
      const existing = this.options.claims.get(key);
      if (existing) {
        if (existing.metadata.deletionTimestamp) throw new Error(`pvc ${claim.metadata!.name} is being deleted`);
        continue;
      }
      const obj = claim as unknown as KubeObject;
      const owners = claimOwners(obj, set, pod);
      if (owners.length) obj.metadata.ownerReferences = owners;
      try {
        await this.options.client.create(claimsRef, set.metadata.namespace, obj);
        void this.options.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${claim.metadata!.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
      } catch (err) {
        if (isAlreadyExists(err)) continue;
        void this.options.recorder.event(set, 'Warning', 'FailedCreate', `create Claim ${claim.metadata!.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      }
    }
  }

  /** Brings the ownerReferences of an existing pod's claims in line with the retention policy. */
  async updateOwners(set: KubeObject, pod: KubeObject): Promise<void> {
    for (const claim of claimsFor(set, ordinalOf(pod))) {
      const existing = this.options.claims.get(`${claim.metadata!.namespace}/${claim.metadata!.name}`);
      if (!existing || existing.metadata.deletionTimestamp) continue;
      const owners = claimOwners(existing, set, pod);
      if (isDeepStrictEqual(owners, existing.metadata.ownerReferences ?? [])) continue;
      const metadata = { ...existing.metadata, ownerReferences: owners.length ? owners : undefined };
      await this.options.client.update(claimsRef, existing.metadata.namespace, { ...existing, metadata }).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }
  }
}
