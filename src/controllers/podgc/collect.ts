/**
 * Which pods the pod garbage collector removes (upstream pkg/controller/podgc gc_controller.go). No I/O.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';

/** Upstream --terminated-pod-gc-threshold. */
export const defaultTerminatedThreshold = 12500;
/** Upstream quarantineTime: a node missing from the cache is asked for again after this. */
export const quarantineMs = 40_000;

const outOfServiceTaint = 'node.kubernetes.io/out-of-service';

export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

const created = (p: Pod) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;
const evicted = (p: Pod) => (p.status?.reason === 'Evicted' ? 0 : 1);

/** Terminated pods beyond the threshold, evicted first then oldest first (upstream byEvictionAndCreationTimestamp). */
export function terminatedOverThreshold(pods: Pod[], threshold: number): Pod[] {
  if (threshold <= 0) return [];
  const terminated = pods.filter(isTerminal);
  const excess = terminated.length - threshold;
  if (excess <= 0) return [];
  return terminated.sort((a, b) => evicted(a) - evicted(b) || created(a) - created(b) || (a.metadata!.name! < b.metadata!.name! ? -1 : 1)).slice(0, excess);
}

function isNotReady(node: Node): boolean {
  return !node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Terminating pods on not-ready nodes taken out of service (upstream gcTerminating): force-deleted. */
export function terminatingOutOfService(pods: Pod[], nodes: Map<string, Node>): Pod[] {
  return pods.filter((p) => {
    if (!p.metadata?.deletionTimestamp || !p.spec?.nodeName) return false;
    const node = nodes.get(p.spec.nodeName);
    return !!node && isNotReady(node) && (node.spec?.taints ?? []).some((t) => t.key === outOfServiceTaint);
  });
}

/** Pods being deleted that were never scheduled (upstream gcUnscheduledTerminating). */
export function unscheduledTerminating(pods: Pod[]): Pod[] {
  return pods.filter((p) => p.metadata?.deletionTimestamp && !p.spec?.nodeName);
}

/** Nodes pods are bound to that the cache does not know (candidates for orphan collection). */
export function missingNodes(pods: Pod[], nodes: Map<string, Node>): Set<string> {
  const out = new Set<string>();
  for (const p of pods) if (p.spec?.nodeName && !nodes.has(p.spec.nodeName)) out.add(p.spec.nodeName);
  return out;
}
