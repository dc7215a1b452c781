/** Pod facts the workload controllers decide on (upstream pkg/api/v1/pod and pkg/controller helpers). */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/interface';

export type OwnerReference = NonNullable<KubeObject['metadata']['ownerReferences']>[number];

export const asPod = (o: KubeObject) => o as unknown as Pod;

export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * Upstream podutil.IsPodAvailable: ready, and for at least minReadySeconds (the Ready condition's last
 * transition plus minReadySeconds is before now).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = Date.parse(podReadyCondition(pod)?.lastTransitionTime ?? '');
  return !Number.isNaN(since) && since + minReadySeconds * 1000 < now;
}

/** Upstream controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

/** The ownerReference with controller=true, if any (upstream metav1.GetControllerOf). */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** The ownerReference a controller puts on what it makes (upstream metav1.NewControllerRef). */
export function controllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export const objectKeyOf = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
