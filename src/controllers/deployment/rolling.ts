/**
 * The RollingUpdate strategy (upstream rolling.go): grow the new ReplicaSet while the total stays within
 * replicas + maxSurge, and shrink old ones while at least replicas - maxUnavailable stay available
 * (unhealthy old pods go first). One step per sync; ReplicaSet status changes bring the next.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { deploymentComplete } from './conditions';
import type { DeploymentContext } from './context';
import { allOf, getAllReplicaSetsAndSyncRevision } from './new-replica-set';
import { scaleReplicaSetAndRecordEvent } from './scale';
import { cleanupDeployment, syncRolloutStatus } from './status-sync';
import { byCreation, maxUnavailable, newRSNewReplicas, replicasOf, specReplicas } from './util';

export async function rolloutRolling(ctx: DeploymentContext, d0: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const rss = await getAllReplicaSetsAndSyncRevision(ctx, d0, rsList, true);
  const { d, newRS, oldRSs } = rss;
  const all = allOf(rss);
  if (await reconcileNewReplicaSet(ctx, all, newRS!, d)) return syncRolloutStatus(ctx, all, newRS, d);
  if (await reconcileOldReplicaSets(ctx, all, oldRSs.filter((rs) => (rs.spec?.replicas ?? 0) > 0), newRS!, d)) return syncRolloutStatus(ctx, all, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(ctx, oldRSs, d);
  return syncRolloutStatus(ctx, all, newRS, d);
}

async function reconcileNewReplicaSet(ctx: DeploymentContext, all: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  const current = newRS.spec?.replicas ?? 0;
  if (current === replicasOf(d)) return false;
  if (current > replicasOf(d)) return (await scaleReplicaSetAndRecordEvent(ctx, newRS, replicasOf(d), d)).scaled;
  return (await scaleReplicaSetAndRecordEvent(ctx, newRS, newRSNewReplicas(d, all, newRS), d)).scaled;
}

/** How far old ReplicaSets may shrink now (upstream reconcileOldReplicaSets). */
async function reconcileOldReplicaSets(ctx: DeploymentContext, all: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  if (specReplicas(oldRSs) === 0) return false;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = (newRS.spec?.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { oldRSs: cleaned, scaled: cleanedCount } = await cleanupUnhealthyReplicas(ctx, oldRSs, d, maxScaledDown);
  const allAfter = [...cleaned, newRS];
  const scaledDown = await scaleDownOldForRollingUpdate(ctx, allAfter, cleaned, d);
  return cleanedCount + scaledDown > 0;
}

/** Shrinks old ReplicaSets by their unavailable pods first: removing those costs no availability. */
async function cleanupUnhealthyReplicas(ctx: DeploymentContext, oldRSs: ReplicaSet[], d: Deployment, maxCleanup: number): Promise<{ oldRSs: ReplicaSet[]; scaled: number }> {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  const out: ReplicaSet[] = [];
  for (const rs of sorted) {
    const replicas = rs.spec?.replicas ?? 0;
    const unhealthy = replicas - (rs.status?.availableReplicas ?? 0);
    if (total >= maxCleanup || replicas === 0 || unhealthy <= 0) {
      out.push(rs);
      continue;
    }
    const count = Math.min(maxCleanup - total, unhealthy);
    const result = await scaleReplicaSetAndRecordEvent(ctx, rs, replicas - count, d);
    total += count;
    out.push(result.rs);
  }
  return { oldRSs: out, scaled: total };
}

/** Shrinks old ReplicaSets, oldest first, by what exceeds replicas - maxUnavailable available. */
async function scaleDownOldForRollingUpdate(ctx: DeploymentContext, all: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment): Promise<number> {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  // A ReplicaSet just scaled down may still report the pods it is deleting as available: count no more
  // than its size (upstream sums status.availableReplicas alone, which can over-count in that moment).
  const available = all.reduce((n, rs) => n + Math.min(rs.status?.availableReplicas ?? 0, rs.spec?.replicas ?? 0), 0);
  if (available <= minAvailable) return 0;
  const totalScaleDown = available - minAvailable;
  let scaled = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (scaled >= totalScaleDown) break;
    const replicas = rs.spec?.replicas ?? 0;
    if (replicas === 0) continue;
    const count = Math.min(replicas, totalScaleDown - scaled);
    await scaleReplicaSetAndRecordEvent(ctx, rs, replicas - count, d);
    scaled += count;
  }
  return scaled;
}
