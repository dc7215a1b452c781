/**
 * StatefulSet status (upstream stateful_set_control.go computeReplicaStatus, completeRollingUpdate and
 * inconsistentStatus): counts of created, ready, available, current and updated pods, the two revisions,
 * observedGeneration and collisionCount.
 */
import type { StatefulSetStatus } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/interface';
import { isPodAvailable } from '../replicaset/pods';
import { asSet, isCreated, isRunningAndReady, isTerminating, revisionOf } from './identity';

export function computeStatus(set: KubeObject, pods: KubeObject[], revisions: { current: string; update: string; collisionCount: number }, now: number): StatefulSetStatus {
  const s = asSet(set);
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation,
    replicas: 0,
    readyReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    availableReplicas: 0,
    currentRevision: revisions.current,
    updateRevision: revisions.update,
    collisionCount: revisions.collisionCount,
  };
  for (const obj of pods) {
    const pod = obj as unknown as Pod;
    if (isCreated(pod)) status.replicas++;
    if (isRunningAndReady(pod)) {
      status.readyReplicas!++;
      if (isPodAvailable(pod, s.spec?.minReadySeconds ?? 0, now)) status.availableReplicas!++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      if (revisionOf(obj) === revisions.current) status.currentReplicas!++;
      if (revisionOf(obj) === revisions.update) status.updatedReplicas!++;
    }
  }
  // A finished rolling update makes the update revision the current one.
  const want = s.spec?.replicas ?? 1;
  if (s.spec?.updateStrategy?.type !== 'OnDelete' && status.updatedReplicas === want && status.readyReplicas === want && status.replicas === want) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
  return status;
}

const fields: (keyof StatefulSetStatus)[] = ['observedGeneration', 'replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'currentRevision', 'updateRevision', 'collisionCount'];

/** Whether `next` says something the stored status does not. */
export function statusChanged(set: KubeObject, next: StatefulSetStatus): boolean {
  const old = (asSet(set).status ?? {}) as Record<string, unknown>;
  return fields.some((f) => (old[f] ?? 0) !== (next[f] ?? 0));
}
