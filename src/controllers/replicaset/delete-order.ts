/**
 * Which pods a scale-down deletes first (upstream controller.ActivePodsWithRanks and
 * getPodsToDelete, with the PodDeletionCost and LogarithmicScaleDown defaults):
 * unassigned < assigned; Pending < Unknown < Running; not ready < ready; lower
 * controller.kubernetes.io/pod-deletion-cost; more related pods on the same node; ready more recently
 * (on a log2 scale); more container restarts; created more recently (log2 scale).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { isPodReady, podReadyCondition } from './pods';

export const deletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

interface Ranked {
  pod: Pod;
  /** Related pods on the same node: deleting from crowded nodes first spreads what stays. */
  rank: number;
}

function deletionCost(pod: Pod): number {
  const v = Number(pod.metadata?.annotations?.[deletionCostAnnotation] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

/** Upstream logarithmicRankDiff: compares how long ago two times were on a log2 (nanosecond) scale. */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** Negative when a is newer (and so goes first); ties broken by uid as upstream does. */
function compareTimes(a: Pod, b: Pod, ta: number, tb: number, now: number): number {
  if (ta === tb || (Number.isNaN(ta) && Number.isNaN(tb))) return 0;
  if (Number.isNaN(ta) || Number.isNaN(tb)) return Number.isNaN(ta) ? -1 : 1;
  const diff = logRank(ta, now) - logRank(tb, now);
  if (diff !== 0) return diff;
  return (a.metadata?.uid ?? '') < (b.metadata?.uid ?? '') ? -1 : 1;
}

/** Negative when `a` should be deleted before `b`. */
export function compareForDeletion(x: Ranked, y: Ranked, now: number): number {
  const a = x.pod;
  const b = y.pod;
  const assigned = (p: Pod) => (p.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const pa = phaseRank[a.status?.phase ?? 'Pending'] ?? 0;
  const pb = phaseRank[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a) ? 1 : 0;
  const rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  if (deletionCost(a) !== deletionCost(b)) return deletionCost(a) - deletionCost(b);
  if (x.rank !== y.rank) return y.rank - x.rank;
  if (ra && rb) {
    const c = compareTimes(a, b, Date.parse(podReadyCondition(a)?.lastTransitionTime ?? ''), Date.parse(podReadyCondition(b)?.lastTransitionTime ?? ''), now);
    if (c !== 0) return c;
  }
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a);
  return compareTimes(a, b, Date.parse(a.metadata?.creationTimestamp ?? ''), Date.parse(b.metadata?.creationTimestamp ?? ''), now);
}

/**
 * The `diff` pods to delete from `pods`; `related` are all pods of the same owner family (e.g. every
 * ReplicaSet of one Deployment), counted per node for the rank.
 */
export function podsToDelete(pods: Pod[], related: Pod[], diff: number, now: number): Pod[] {
  if (diff >= pods.length) return pods.slice();
  const perNode = new Map<string, number>();
  for (const p of related) {
    const node = p.spec?.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: pod.spec?.nodeName ? (perNode.get(pod.spec.nodeName) ?? 0) : 0 }));
  ranked.sort((x, y) => compareForDeletion(x, y, now));
  return ranked.slice(0, diff).map((r) => r.pod);
}
