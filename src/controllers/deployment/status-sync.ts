/**
 * Writing a Deployment's status (upstream progress.go syncRolloutStatus, sync.go syncDeploymentStatus,
 * checkPausedConditions) and trimming old ReplicaSets to revisionHistoryLimit (cleanupDeployment).
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import { isNotFound } from '../../client/interface';
import {
  calculateStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  reasons,
  removeCondition,
  setCondition,
} from './conditions';
import { type DeploymentContext, replicaSetsRef, updateDeploymentStatus, withoutZeros } from './context';
import { byCreation, canonical, revisionOf } from './util';

const same = (a: DeploymentStatus | undefined, b: DeploymentStatus) => canonical(withoutZeros(a ?? {})) === canonical(withoutZeros(b));

/** Status only, no rollout conditions (paused, scaling, deleting). */
export async function syncDeploymentStatus(ctx: DeploymentContext, all: ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const status = calculateStatus(d, all, newRS, ctx.clock.now());
  if (!same(d.status, status)) await updateDeploymentStatus(ctx, d, status);
}

/** Status with the Progressing condition of a rollout, and a re-sync for when its deadline passes. */
export async function syncRolloutStatus(ctx: DeploymentContext, all: ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const now = ctx.clock.now();
  const status = calculateStatus(d, all, newRS, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(status, 'Progressing');
  const complete = status.replicas === status.updatedReplicas && current?.reason === reasons.newRSAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata!.name}"` : `Deployment "${d.metadata!.name}"`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition('Progressing', 'True', reasons.newRSAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      const c = newCondition('Progressing', 'True', reasons.rsUpdated, `${subject} is progressing.`, now);
      // Progress moves lastUpdateTime (the deadline's start) even when status and reason stay the same.
      if (current?.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, 'Progressing');
      setCondition(status, c);
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(status, newCondition('Progressing', 'False', reasons.timedOut, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = all.map((rs) => rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure')).find((c) => c !== undefined);
  if (failure) setCondition(status, newCondition('ReplicaFailure', failure.status as 'True', failure.reason ?? '', failure.message ?? '', now));
  else removeCondition(status, 'ReplicaFailure');
  if (same(d.status, status)) return requeueStuckDeployment(ctx, d, status);
  await updateDeploymentStatus(ctx, d, status);
}

/** Upstream requeueStuckDeployment: look again when the progress deadline would pass. */
function requeueStuckDeployment(ctx: DeploymentContext, d: Deployment, status: DeploymentStatus): void {
  const c = getCondition(status, 'Progressing');
  if (!hasProgressDeadline(d) || !c) return;
  if ((status.replicas === status.updatedReplicas && c.reason === reasons.newRSAvailable) || c.reason === reasons.timedOut) return;
  const after = Date.parse(c.lastUpdateTime ?? '') + d.spec!.progressDeadlineSeconds! * 1000 - ctx.clock.now();
  ctx.requeueAfter(d, after < 1000 ? 0 : after + 1000);
}

/** Upstream checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed. */
export async function checkPausedConditions(ctx: DeploymentContext, d: Deployment): Promise<Deployment> {
  if (!hasProgressDeadline(d)) return d;
  const c = getCondition(d.status, 'Progressing');
  if (c?.reason === reasons.timedOut) return d;
  const pausedCond = c?.reason === reasons.paused;
  const status = structuredClone(d.status ?? {});
  if (d.spec?.paused && !pausedCond) setCondition(status, newCondition('Progressing', 'Unknown', reasons.paused, 'Deployment is paused', ctx.clock.now()));
  else if (!d.spec?.paused && pausedCond) setCondition(status, newCondition('Progressing', 'Unknown', reasons.resumed, 'Deployment is resumed', ctx.clock.now()));
  else return d;
  return updateDeploymentStatus(ctx, d, status);
}

/** Deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit (upstream cleanupDeployment). */
export async function cleanupDeployment(ctx: DeploymentContext, oldRSs: ReplicaSet[], d: Deployment): Promise<void> {
  const limit = d.spec?.revisionHistoryLimit;
  if (limit === undefined || limit === null) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  for (const rs of cleanable.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec?.replicas ?? 0) !== 0 || (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    await ctx.client.delete(replicaSetsRef, rs.metadata!.namespace, rs.metadata!.name!, { preconditions: { uid: rs.metadata!.uid } }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}
