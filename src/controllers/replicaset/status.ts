/**
 * A ReplicaSet's (or ReplicationController's) status from its active pods (upstream
 * replica_set_utils.go calculateStatus): replicas, fullyLabeledReplicas (pods carrying every template
 * label), readyReplicas, availableReplicas (ready for minReadySeconds), and the ReplicaFailure condition
 * while creating or deleting pods fails.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import { rfc3339 } from '../../api/time';
import { isPodAvailable, isPodReady } from './pods';

export interface ManageError {
  /** Whether the failing operation was creating (FailedCreate) or deleting (FailedDelete) pods. */
  creating: boolean;
  message: string;
}

export function calculateStatus(
  current: ReplicaSetStatus | undefined,
  templateLabels: Record<string, string>,
  minReadySeconds: number,
  pods: Pod[],
  manageError: ManageError | undefined,
  now: number,
): ReplicaSetStatus {
  const fullyLabeled = pods.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata?.labels?.[k] === v)).length;
  const status: ReplicaSetStatus = {
    ...(current ?? {}),
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReadySeconds, now)).length,
  };
  let conditions: ReplicaSetCondition[] = [...(current?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageError && !failure) {
    conditions.push({ type: 'ReplicaFailure', status: 'True', reason: manageError.creating ? 'FailedCreate' : 'FailedDelete', message: manageError.message, lastTransitionTime: rfc3339(now) });
  } else if (!manageError && failure) conditions = conditions.filter((c) => c !== failure);
  if (conditions.length > 0) status.conditions = conditions;
  else delete status.conditions;
  return status;
}

/** Whether a status write is needed (upstream compares the counts, the conditions and observedGeneration). */
export function statusChanged(old: ReplicaSetStatus | undefined, next: ReplicaSetStatus, generation: number | undefined): boolean {
  const o: Partial<ReplicaSetStatus> = old ?? {};
  return (
    (o.replicas ?? 0) !== next.replicas ||
    (o.fullyLabeledReplicas ?? 0) !== (next.fullyLabeledReplicas ?? 0) ||
    (o.readyReplicas ?? 0) !== (next.readyReplicas ?? 0) ||
    (o.availableReplicas ?? 0) !== (next.availableReplicas ?? 0) ||
    (o.observedGeneration ?? 0) !== (generation ?? 0) ||
    JSON.stringify(o.conditions ?? []) !== JSON.stringify(next.conditions ?? [])
  );
}
