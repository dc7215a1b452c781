/**
 * Scaling one ReplicaSet for a Deployment (upstream sync.go scaleReplicaSetAndRecordEvent and
 * scaleReplicaSet): the new size and the desired/max-replicas annotations in one update, and a
 * ScalingReplicaSet event "Scaled up|down replica set x from a to b".
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { type DeploymentContext, event, updateReplicaSet } from './context';
import { maxSurge, replicasAnnotationsNeedUpdate, replicasOf, setReplicasAnnotations } from './util';

export interface ScaleResult {
  scaled: boolean;
  rs: ReplicaSet;
}

export async function scaleReplicaSetAndRecordEvent(ctx: DeploymentContext, rs: ReplicaSet, newScale: number, d: Deployment): Promise<ScaleResult> {
  if ((rs.spec?.replicas ?? 0) === newScale) return { scaled: false, rs };
  const operation = (rs.spec?.replicas ?? 0) < newScale ? 'up' : 'down';
  return scaleReplicaSet(ctx, rs, newScale, d, operation);
}

export async function scaleReplicaSet(ctx: DeploymentContext, rs: ReplicaSet, newScale: number, d: Deployment, operation: 'up' | 'down'): Promise<ScaleResult> {
  const oldScale = rs.spec?.replicas ?? 0;
  const sizeChanged = oldScale !== newScale;
  const desired = replicasOf(d);
  const max = desired + maxSurge(d);
  if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const updated = await updateReplicaSet(ctx, rs, (copy) => {
    copy.spec!.replicas = newScale;
    setReplicasAnnotations(copy, desired, max);
  });
  if (sizeChanged) event(ctx, d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata!.name} from ${oldScale} to ${newScale}`);
  return { scaled: sizeChanged, rs: updated };
}
