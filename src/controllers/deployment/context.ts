/** What the Deployment controller's reconcile steps share: the client, the clock, events, and writes. */
import type { Deployment, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { EventRecorder } from '../../client/event-recorder';
import { type Client, isConflict, type KubeObject } from '../../client/interface';
import type { Clock } from '../../util/clock';
import { revisionAnnotation } from './util';

export const deploymentsRef = { group: 'apps', version: 'v1', resource: 'deployments' };
export const replicaSetsRef = { group: 'apps', version: 'v1', resource: 'replicasets' };

export interface DeploymentContext {
  client: Client;
  clock: Clock;
  recorder: EventRecorder;
  /** Re-syncs the Deployment after `ms` on the decision clock. */
  requeueAfter(d: Deployment, ms: number): void;
}

const asObj = <T>(o: T) => o as unknown as KubeObject;

/** Writes the Deployment's status; returns the stored Deployment. */
export async function updateDeploymentStatus(ctx: DeploymentContext, d: Deployment, status: DeploymentStatus): Promise<Deployment> {
  const out = await ctx.client.update(deploymentsRef, d.metadata!.namespace, asObj({ ...d, status: withoutZeros(status) }), { subresource: 'status' });
  return out as unknown as Deployment;
}

/**
 * Upstream SetDeploymentRevision, written at once: the revision annotation lives in metadata, which the
 * status subresource does not change here, so it is a merge patch of its own.
 */
export async function syncDeploymentRevision(ctx: DeploymentContext, d: Deployment, revision: string | undefined): Promise<Deployment> {
  if (revision === undefined || d.metadata?.annotations?.[revisionAnnotation] === revision) return d;
  const patch = { metadata: { annotations: { [revisionAnnotation]: revision } } };
  const out = (await ctx.client.patch(deploymentsRef, d.metadata!.namespace, d.metadata!.name!, 'merge', patch)) as unknown as Deployment;
  // Keep the spec and status this sync decides on; take the new metadata (resourceVersion, annotation).
  return { ...d, metadata: out.metadata };
}

/** Upstream's status counters are `omitempty`: a zero is left out, as kube-apiserver would store it. */
export function withoutZeros<T extends object>(status: T, keep: string[] = []): T {
  return Object.fromEntries(Object.entries(status).filter(([k, v]) => v !== 0 || keep.includes(k))) as T;
}

/**
 * Updates a ReplicaSet read from the cache with `mutate`. The ReplicaSet controller rewrites status all
 * through a rollout, so a conflict is retried once on a fresh copy, but only if its spec is the one this
 * sync decided on (same generation); otherwise the conflict goes back to the queue.
 */
export async function updateReplicaSet(ctx: DeploymentContext, base: ReplicaSet, mutate: (rs: ReplicaSet) => void): Promise<ReplicaSet> {
  const write = async (rs: ReplicaSet) => {
    const copy = structuredClone(rs);
    mutate(copy);
    return (await ctx.client.update(replicaSetsRef, rs.metadata!.namespace, asObj(copy))) as unknown as ReplicaSet;
  };
  try {
    return await write(base);
  } catch (err) {
    if (!isConflict(err)) throw err;
    const fresh = (await ctx.client.get(replicaSetsRef, base.metadata!.namespace, base.metadata!.name!)) as unknown as ReplicaSet;
    if (fresh.metadata?.generation !== base.metadata?.generation) throw err;
    return write(fresh);
  }
}

export function event(ctx: DeploymentContext, d: Deployment, type: 'Normal' | 'Warning', reason: string, message: string): void {
  void ctx.recorder.event(asObj(d), type, reason, message);
}
