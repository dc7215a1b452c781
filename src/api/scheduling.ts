/**
 * Pod-to-node rules that the scheduler and the DaemonSet controller both apply (upstream
 * k8s.io/component-helpers/scheduling/corev1: TolerationsTolerateTaint, nodeaffinity.GetRequiredNodeAffinity).
 */
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Taint, Toleration } from 'kubernetes-types/core/v1';

/** Whether one of `tolerations` tolerates `taint` (an empty key with Exists tolerates every taint). */
export function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations?.length) return false;
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

function requirementMatches(r: NodeSelectorRequirement, values: Record<string, string>): boolean {
  const has = Object.hasOwn(values, r.key);
  const v = values[r.key];
  const list = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && list.includes(v!);
    case 'NotIn':
      return !has || !list.includes(v!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || !/^-?\d+$/.test(v!) || list.length !== 1) return false;
      return r.operator === 'Gt' ? Number(v) > Number(list[0]) : Number(v) < Number(list[0]);
    }
    default:
      return false;
  }
}

/** A term matches when all its expressions (on labels) and fields (only metadata.name) do; an empty term matches nothing. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  const nodeFields = { 'metadata.name': node.metadata?.name ?? '' };
  return exprs.every((r) => requirementMatches(r, labels)) && fields.every((r) => requirementMatches(r, nodeFields));
}

/** spec.nodeSelector and the required node affinity (terms are ORed) both hold for `node`. */
export function requiredNodeAffinityMatches(spec: PodSpec | undefined, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t) => nodeSelectorTermMatches(t, node));
}
