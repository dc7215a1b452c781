/**
 * A DaemonSet's pods by node, and what each node needs (upstream daemon_controller.go
 * getNodesToDaemonPods and podsShouldBeOnNode): a node that should run the daemon and has no pod needs
 * one; failed or finished pods are replaced; extra pods on a node go, oldest kept; a node that should no
 * longer run it loses its pods.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/interface';
import { podRevisionLabel } from '../history/revisions';
import { asPod, isPodAvailable } from '../replicaset/pods';
import { asDaemonSet, nodeShouldRunDaemonPod } from './node-fit';

/** Upstream util.GetTargetNodeName: spec.nodeName, or the node the pinning affinity names. */
export function targetNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    const field = term.matchFields?.find((f) => f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1);
    if (field) return field.values![0];
  }
  return undefined;
}

/** Oldest first; pods with the same creation time by name (upstream podByCreationTimestampAndPhase, roughly). */
export function byAge(a: KubeObject, b: KubeObject): number {
  return (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name!.localeCompare(b.metadata.name!);
}

export function podsByNode(pods: KubeObject[]): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const obj of pods) {
    const pod = asPod(obj);
    const phase = pod.status?.phase;
    if (obj.metadata.deletionTimestamp && (phase === 'Succeeded' || phase === 'Failed')) continue;
    const node = targetNode(pod);
    if (!node) continue;
    out.set(node, [...(out.get(node) ?? []), obj]);
  }
  for (const list of out.values()) list.sort(byAge);
  return out;
}

export const isUpdated = (pod: KubeObject, hash: string) => pod.metadata.labels?.[podRevisionLabel] === hash;

export function allowsSurge(ds: KubeObject): boolean {
  const s = asDaemonSet(ds).spec?.updateStrategy;
  const surge = s?.rollingUpdate?.maxSurge;
  return s?.type !== 'OnDelete' && surge !== undefined && surge !== 0 && surge !== '0%';
}

export interface NodePlan {
  needsPod: boolean;
  toDelete: KubeObject[];
  /** Failed pods, to delete when the node's back-off allows (with a FailedDaemonPod warning). */
  failed: KubeObject[];
}

/** Upstream podsShouldBeOnNode. */
export function planNode(node: Node, ds: KubeObject, pods: KubeObject[], hash: string, now: number): NodePlan {
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
  const plan: NodePlan = { needsPod: false, toDelete: [], failed: [] };
  if (shouldRun && pods.length === 0) return { ...plan, needsPod: true };
  if (!shouldContinueRunning) return { ...plan, toDelete: pods.filter((p) => !p.metadata.deletionTimestamp) };
  const running: KubeObject[] = [];
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    const phase = asPod(p).status?.phase;
    // A failed pod is the controller's to delete under back-off; the replacement comes once it is gone.
    if (phase === 'Failed') plan.failed.push(p);
    else if (phase === 'Succeeded') plan.toDelete.push(p);
    else running.push(p);
  }
  if (!allowsSurge(ds)) {
    plan.toDelete.push(...running.slice(1));
    return plan;
  }
  // With surge an old and a new pod may share a node: keep the oldest of each kind, and drop the old
  // one once the new one is available.
  const updated = running.filter((p) => isUpdated(p, hash));
  const old = running.filter((p) => !isUpdated(p, hash));
  plan.toDelete.push(...updated.slice(1), ...old.slice(1));
  const minReady = asDaemonSet(ds).spec?.minReadySeconds ?? 0;
  if (updated[0] && old[0] && isPodAvailable(asPod(updated[0]), minReady, now)) plan.toDelete.push(old[0]);
  return plan;
}
