/**
 * Scaling without a rollout (upstream sync.go sync, scale, isScalingEvent): when only spec.replicas
 * changed, or the Deployment is paused, the ReplicaSets are resized — mid-rollout in proportion to their
 * size (proportional scaling), so the new and old ReplicaSets keep their share.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { DeploymentContext } from './context';
import { allOf, getAllReplicaSetsAndSyncRevision } from './new-replica-set';
import { scaleReplicaSet, scaleReplicaSetAndRecordEvent } from './scale';
import { cleanupDeployment, syncDeploymentStatus } from './status-sync';
import { activeReplicaSets, byCreation, desiredReplicasOf, maxReplicasOf, maxSurge, replicasOf, specReplicas } from './util';

export async function syncScaleOnly(ctx: DeploymentContext, d0: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const rss = await getAllReplicaSetsAndSyncRevision(ctx, d0, rsList, false);
  const { d, newRS, oldRSs } = rss;
  await scale(ctx, d, newRS, oldRSs);
  if (d.spec?.paused) await cleanupDeployment(ctx, oldRSs, d);
  await syncDeploymentStatus(ctx, allOf(rss), newRS, d);
}

/**
 * Upstream isScalingEvent: an active ReplicaSet was sized for a different spec.replicas. Upstream syncs
 * the new ReplicaSet's revision here too; that write happens in the sync that follows, so this reads only.
 */
export function isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
  return activeReplicaSets(rsList).some((rs) => {
    const desired = desiredReplicasOf(rs);
    return desired !== undefined && desired !== replicasOf(d);
  });
}

/** Upstream FindActiveOrLatest: the one active ReplicaSet, or the newest if none is active. */
function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** Upstream IsSaturated: the new ReplicaSet alone runs every replica, all available. */
function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const r = replicasOf(d);
  return (rs.spec?.replicas ?? 0) === r && desiredReplicasOf(rs) === r && (rs.status?.availableReplicas ?? 0) === r;
}

async function scale(ctx: DeploymentContext, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
  const only = findActiveOrLatest(newRS, oldRSs);
  if (only) {
    await scaleReplicaSetAndRecordEvent(ctx, only, replicasOf(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const rs of activeReplicaSets(oldRSs)) await scaleReplicaSetAndRecordEvent(ctx, rs, 0, d);
    return;
  }
  if ((d.spec?.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
  const all = activeReplicaSets([...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicas(all);
  if (toAdd === 0) return;
  const sizes = proportionalSizes(d, all, toAdd);
  const operation = toAdd > 0 ? 'up' : 'down';
  for (const rs of all) await scaleReplicaSet(ctx, rs, sizes.get(rs)!, d, operation);
}

/**
 * Upstream's proportional split of `toAdd` replicas: each ReplicaSet gets its share by the size it had
 * against the max-replicas it was last sized for, largest first (on ties newer first when growing,
 * older first when shrinking); the rounding leftover goes to the first.
 */
export function proportionalSizes(d: Deployment, all: ReplicaSet[], toAdd: number): Map<ReplicaSet, number> {
  const size = (rs: ReplicaSet) => rs.spec?.replicas ?? 0;
  const sorted = [...all].sort((a, b) => size(b) - size(a) || (toAdd > 0 ? byCreation(b, a) : byCreation(a, b)));
  const sizes = new Map<ReplicaSet, number>();
  let added = 0;
  for (const rs of sorted) {
    const share = proportion(d, rs, toAdd, added);
    sizes.set(rs, size(rs) + share);
    added += share;
  }
  if (sorted.length > 0) sizes.set(sorted[0]!, Math.max(0, sizes.get(sorted[0]!)! + toAdd - added));
  return sizes;
}

/** Upstream GetProportion with getReplicaSetFraction. */
function proportion(d: Deployment, rs: ReplicaSet, toAdd: number, added: number): number {
  const size = rs.spec?.replicas ?? 0;
  if (size === 0 || toAdd === 0 || toAdd === added) return 0;
  let fraction: number;
  if (replicasOf(d) === 0) fraction = -size;
  else {
    const annotated = maxReplicasOf(rs) ?? d.status?.replicas ?? 0;
    fraction = annotated === 0 ? 0 : Math.round((size * (replicasOf(d) + maxSurge(d))) / annotated) - size;
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
