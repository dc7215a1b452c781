/**
 * The Recreate strategy (upstream recreate.go): scale every old ReplicaSet to zero, wait until none of
 * their pods is left running, then create (or scale up) the new ReplicaSet to spec.replicas.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { deploymentComplete } from './conditions';
import type { DeploymentContext } from './context';
import { allOf, getAllReplicaSetsAndSyncRevision } from './new-replica-set';
import { scaleReplicaSetAndRecordEvent } from './scale';
import { cleanupDeployment, syncRolloutStatus } from './status-sync';
import { activeReplicaSets, replicasOf, statusReplicas } from './util';

/** Pods of the Deployment's ReplicaSets, by ReplicaSet uid. */
export type PodMap = Map<string, Pod[]>;

/** Upstream oldPodsRunning: old ReplicaSets still report pods, or own pods not yet finished. */
function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], pods: PodMap): boolean {
  if (statusReplicas(oldRSs) > 0) return true;
  for (const [uid, list] of pods) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    if (list.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

export async function rolloutRecreate(ctx: DeploymentContext, d0: Deployment, rsList: ReplicaSet[], pods: PodMap): Promise<void> {
  let rss = await getAllReplicaSetsAndSyncRevision(ctx, d0, rsList, false);
  let scaledDown = false;
  for (const rs of activeReplicaSets(rss.oldRSs)) if ((await scaleReplicaSetAndRecordEvent(ctx, rs, 0, rss.d)).scaled) scaledDown = true;
  if (scaledDown || oldPodsRunning(rss.newRS, rss.oldRSs, pods)) return syncRolloutStatus(ctx, allOf(rss), rss.newRS, rss.d);
  if (!rss.newRS) rss = await getAllReplicaSetsAndSyncRevision(ctx, rss.d, rsList, true);
  const { d, newRS, oldRSs } = rss;
  if (newRS) await scaleReplicaSetAndRecordEvent(ctx, newRS, replicasOf(d), d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(ctx, oldRSs, d);
  return syncRolloutStatus(ctx, allOf(rss), newRS, d);
}
