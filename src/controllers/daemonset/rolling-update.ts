/**
 * A DaemonSet's rolling update (upstream pkg/controller/daemon/update.go rollingUpdate): without surge,
 * old pods are deleted while at most maxUnavailable nodes lack an available daemon pod (an old pod that
 * is not available anyway goes at once) and `manage` makes the new one when the old is gone; with
 * maxSurge, a new pod is started beside an available old one on up to maxSurge nodes, and the old one is
 * deleted once the new one is available.
 */
import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/interface';
import { scaledValue } from '../disruption/budget';
import { asPod, isPodAvailable } from '../replicaset/pods';
import { asDaemonSet, nodeShouldRunDaemonPod } from './node-fit';
import { allowsSurge, isUpdated } from './pods';

export interface RollingPlan {
  deletePods: KubeObject[];
  createOn: string[];
}

/** Upstream updatedDesiredNodeCounts: maxUnavailable and maxSurge scaled on the desired count (at least one of them 1). */
export function updateBudget(ds: KubeObject, nodes: Node[]): { maxSurge: number; maxUnavailable: number } {
  const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).length;
  const ru = asDaemonSet(ds).spec?.updateStrategy?.rollingUpdate;
  const maxUnavailable = scaledValue(ru?.maxUnavailable ?? 1, desired, true);
  const maxSurge = allowsSurge(ds) ? scaledValue(ru?.maxSurge ?? 0, desired, true) : 0;
  return maxUnavailable === 0 && maxSurge === 0 ? { maxSurge, maxUnavailable: 1 } : { maxSurge, maxUnavailable };
}

/** Upstream findUpdatedPodsOnNode: the node's new and old pod, or undefined when it has duplicates. */
function splitNode(pods: KubeObject[], hash: string): { fresh?: KubeObject; old?: KubeObject } | undefined {
  let fresh: KubeObject | undefined;
  let old: KubeObject | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (isUpdated(p, hash)) {
      if (fresh) return undefined;
      fresh = p;
    } else {
      if (old) return undefined;
      old = p;
    }
  }
  return { fresh, old };
}

export function planRollingUpdate(ds: KubeObject, nodes: Node[], byNode: Map<string, KubeObject[]>, hash: string, now: number): RollingPlan {
  const { maxSurge, maxUnavailable } = updateBudget(ds, nodes);
  const minReady = asDaemonSet(ds).spec?.minReadySeconds ?? 0;
  const available = (p: KubeObject) => isPodAvailable(asPod(p), minReady, now);
  return maxSurge === 0 ? withoutSurge(byNode, hash, maxUnavailable, available) : withSurge(ds, nodes, byNode, hash, maxSurge, available);
}

function withoutSurge(byNode: Map<string, KubeObject[]>, hash: string, maxUnavailable: number, available: (p: KubeObject) => boolean): RollingPlan {
  let unavailable = 0;
  const replaceNow: KubeObject[] = [];
  const candidates: KubeObject[] = [];
  for (const pods of byNode.values()) {
    const split = splitNode(pods, hash);
    if (!split) {
      unavailable++;
      continue;
    }
    const { fresh, old } = split;
    // Both or neither: manage will sort the node out; count it unavailable meanwhile.
    if (!old === !fresh) unavailable++;
    else if (fresh) unavailable += available(fresh) ? 0 : 1;
    else if (!available(old!)) {
      replaceNow.push(old!);
      unavailable++;
    } else if (unavailable < maxUnavailable) candidates.push(old!);
  }
  const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
  return { deletePods: [...replaceNow, ...candidates.slice(0, room)], createOn: [] };
}

function withSurge(ds: KubeObject, nodes: Node[], byNode: Map<string, KubeObject[]>, hash: string, maxSurge: number, available: (p: KubeObject) => boolean): RollingPlan {
  let surging = 0;
  const createNow: string[] = [];
  const candidates: string[] = [];
  const deletePods: KubeObject[] = [];
  const runs = new Set(nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).map((n) => n.metadata!.name!));
  for (const [node, pods] of byNode) {
    const split = splitNode(pods, hash);
    if (!split?.old) continue;
    const { fresh, old } = split;
    if (!fresh) {
      if (!runs.has(node)) continue;
      if (!available(old)) createNow.push(node);
      else if (surging < maxSurge) candidates.push(node);
    } else if (!available(fresh)) surging++;
    else deletePods.push(old);
  }
  const room = Math.min(Math.max(0, maxSurge - surging), candidates.length);
  return { deletePods, createOn: [...createNow, ...candidates.slice(0, room)] };
}
