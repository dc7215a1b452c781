/**
 * When a pod on a node with NoExecute taints must go (upstream pkg/controller/tainteviction:
 * getMatchingTolerations, getMinTolerationTime). No I/O.
 */
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1';

/** upstream ToleratesTaint: effect and key match when set; Exists matches any value, Equal the same one. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.operator === undefined || t.operator === 'Equal') && (t.value ?? '') === (taint.value ?? '');
}

export type Decision =
  /** Nothing to do: no NoExecute taint, or tolerated forever. */
  | { kind: 'keep' }
  /** A NoExecute taint is not tolerated: delete at once. */
  | { kind: 'evict' }
  /** Every taint is tolerated for a while: delete `afterMs` after the controller first saw it. */
  | { kind: 'evictAfter'; afterMs: number };

export function decide(pod: Pod, taints: Taint[]): Decision {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) return { kind: 'keep' };
  const tolerations = pod.spec?.tolerations ?? [];
  const used = new Set<Toleration>();
  for (const taint of noExecute) {
    const matching = tolerations.filter((t) => toleratesTaint(t, taint));
    if (matching.length === 0) return { kind: 'evict' };
    for (const t of matching) used.add(t);
  }
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return { kind: 'evictAfter', afterMs: 0 };
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? { kind: 'keep' } : { kind: 'evictAfter', afterMs: min * 1000 };
}
