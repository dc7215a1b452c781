/**
 * Finding or creating a Deployment's new ReplicaSet (upstream sync.go getAllReplicaSetsAndSyncRevision
 * and getNewReplicaSet): the one whose template equals the Deployment's, named `<deployment>-<hash>`
 * with the pod-template-hash label in its selector and template, carrying the next revision. A name
 * taken by another template bumps status.collisionCount so the next hash differs.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { isAlreadyExists, type KubeObject } from '../../client/interface';
import { controllerRef } from '../replicaset/pods';
import { getCondition, hasProgressDeadline, newCondition, reasons, setCondition } from './conditions';
import { type DeploymentContext, event, replicaSetsRef, syncDeploymentRevision, updateDeploymentStatus, updateReplicaSet } from './context';
import { computeHash, equalIgnoreHash, findNewReplicaSet, maxRevision, newRSNewReplicas, revisionAnnotation, setNewReplicaSetAnnotations, templateHashLabel } from './util';

export interface ReplicaSets {
  /** The Deployment as last written (revision annotation, conditions). */
  d: Deployment;
  newRS: ReplicaSet | undefined;
  oldRSs: ReplicaSet[];
}

export const allOf = (s: ReplicaSets) => (s.newRS ? [...s.oldRSs, s.newRS] : [...s.oldRSs]);

export async function getAllReplicaSetsAndSyncRevision(ctx: DeploymentContext, d: Deployment, rsList: ReplicaSet[], create: boolean): Promise<ReplicaSets> {
  const existing = findNewReplicaSet(d, rsList);
  const oldRSs = rsList.filter((rs) => rs !== existing);
  const newRevision = String(maxRevision(oldRSs) + 1);
  if (existing) return syncExisting(ctx, d, existing, oldRSs, newRevision);
  if (!create) return { d, newRS: undefined, oldRSs };
  return createNew(ctx, d, oldRSs, newRevision);
}

async function syncExisting(ctx: DeploymentContext, d: Deployment, existing: ReplicaSet, oldRSs: ReplicaSet[], newRevision: string): Promise<ReplicaSets> {
  let rs = structuredClone(existing);
  const annotationsChanged = setNewReplicaSetAnnotations(d, rs, newRevision, true);
  const minReadyChanged = (rs.spec!.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
  if (annotationsChanged || minReadyChanged) {
    rs = await updateReplicaSet(ctx, existing, (copy) => {
      setNewReplicaSetAnnotations(d, copy, newRevision, true);
      copy.spec!.minReadySeconds = d.spec?.minReadySeconds ?? 0;
    });
  }
  d = await syncDeploymentRevision(ctx, d, rs.metadata?.annotations?.[revisionAnnotation]);
  if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
    const status = structuredClone(d.status ?? {});
    setCondition(status, newCondition('Progressing', 'True', reasons.foundNewRS, `Found new replica set "${rs.metadata!.name}"`, ctx.clock.now()));
    d = await updateDeploymentStatus(ctx, d, status);
  }
  return { d, newRS: rs, oldRSs };
}

function newReplicaSetObject(d: Deployment, oldRSs: ReplicaSet[], newRevision: string): ReplicaSet {
  const template = structuredClone(d.spec!.template);
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [templateHashLabel]: hash } };
  const selector = structuredClone(d.spec!.selector);
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [templateHashLabel]: hash };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata!.name}-${hash}`,
      namespace: d.metadata!.namespace,
      labels: template.metadata.labels,
      ownerReferences: [controllerRef(d as unknown as KubeObject, 'apps/v1', 'Deployment')],
    },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
  rs.spec!.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  return rs;
}

async function createNew(ctx: DeploymentContext, d: Deployment, oldRSs: ReplicaSet[], newRevision: string): Promise<ReplicaSets> {
  const wanted = newReplicaSetObject(d, oldRSs, newRevision);
  const name = wanted.metadata!.name!;
  let created: ReplicaSet;
  try {
    created = (await ctx.client.create(replicaSetsRef, d.metadata!.namespace, wanted as unknown as KubeObject)) as unknown as ReplicaSet;
  } catch (err) {
    if (isAlreadyExists(err)) return onNameTaken(ctx, d, wanted, oldRSs, err);
    const msg = `Failed to create new replica set "${name}": ${err instanceof Error ? err.message : String(err)}`;
    if (hasProgressDeadline(d)) {
      const status = structuredClone(d.status ?? {});
      setCondition(status, newCondition('Progressing', 'False', reasons.failedRSCreate, msg, ctx.clock.now()));
      // Upstream ignores a failure here: the create error is the one to report.
      await updateDeploymentStatus(ctx, d, status).catch(() => undefined);
    }
    event(ctx, d, 'Warning', reasons.failedRSCreate, msg);
    throw err;
  }
  const replicas = created.spec?.replicas ?? 0;
  if (replicas > 0) event(ctx, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
  d = await syncDeploymentRevision(ctx, d, newRevision);
  if (hasProgressDeadline(d)) {
    const status = structuredClone(d.status ?? {});
    setCondition(status, newCondition('Progressing', 'True', reasons.newRSCreated, `Created new replica set "${name}"`, ctx.clock.now()));
    d = await updateDeploymentStatus(ctx, d, status);
  }
  return { d, newRS: created, oldRSs };
}

/** The name is taken: ours with the same template (a cache lag) is fine; anything else is a hash collision. */
async function onNameTaken(ctx: DeploymentContext, d: Deployment, wanted: ReplicaSet, oldRSs: ReplicaSet[], err: unknown): Promise<ReplicaSets> {
  const found = (await ctx.client.get(replicaSetsRef, d.metadata!.namespace, wanted.metadata!.name!)) as unknown as ReplicaSet;
  const ours = found.metadata?.ownerReferences?.some((r) => r.controller && r.uid === d.metadata!.uid);
  if (ours && equalIgnoreHash(found.spec?.template, d.spec?.template)) {
    const revision = String(maxRevision(oldRSs) + 1);
    return { d: await syncDeploymentRevision(ctx, d, revision), newRS: found, oldRSs };
  }
  const status = { ...structuredClone(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
  await updateDeploymentStatus(ctx, d, status);
  throw err;
}
