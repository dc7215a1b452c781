/**
 * The node-level filters of the default profile (upstream kube-scheduler framework plugins, by their
 * names): NodeUnschedulable, NodeName, TaintToleration, NodeAffinity (required) and NodeResourcesFit, and
 * upstream's FailedScheduling text. The other plugins have a file each (see README.md). "Does not fit"
 * is a returned reason, never an exception.
 */
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import { milli, parseQuantity } from '../api/quantity';
import { requiredNodeAffinityMatches, tolerates } from '../api/scheduling';

export interface Resources {
  milliCPU: number;
  memory: number;
  pods: number;
}

export function podRequests(pod: Pod): Resources {
  const sum = (list: { resources?: { requests?: Record<string, string | number> } }[] | undefined) =>
    (list ?? []).reduce(
      (acc, c) => ({ milliCPU: acc.milliCPU + milli(c.resources?.requests?.cpu ?? 0), memory: acc.memory + parseQuantity(c.resources?.requests?.memory ?? 0) }),
      { milliCPU: 0, memory: 0 },
    );
  const main = sum(pod.spec?.containers as never);
  // An init container runs alone: the pod needs the larger of it and the app containers together.
  for (const init of pod.spec?.initContainers ?? []) {
    const one = sum([init] as never);
    main.milliCPU = Math.max(main.milliCPU, one.milliCPU);
    main.memory = Math.max(main.memory, one.memory);
  }
  return { ...main, pods: 1 };
}

export function allocatable(node: Node): Resources {
  const a = node.status?.allocatable ?? {};
  return { milliCPU: milli(a.cpu ?? 0), memory: parseQuantity(a.memory ?? 0), pods: parseQuantity(a.pods ?? 0) };
}

function isReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** What the node filters read of a node, worked out once per node update instead of once per pod and node. */
export interface NodeFacts {
  unschedulable: boolean;
  /** The NoSchedule and NoExecute taints, with node.kubernetes.io/not-ready when the node is not Ready. */
  schedulingTaints: Taint[];
}

export function nodeFacts(node: Node): NodeFacts {
  const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (!isReady(node)) taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
  return { unschedulable: node.spec?.unschedulable === true, schedulingTaints: taints };
}

/** Why `pod` cannot go to `node` (upstream's reason texts), or undefined when it fits. */
export function filter(pod: Pod, node: Node, used: Resources): string | undefined {
  return nodeFilter(pod, node) ?? insufficientResources(podRequests(pod), node, used)[0];
}

/**
 * NodeUnschedulable, NodeName, TaintToleration and NodeAffinity, in upstream's order. Each failure is
 * UnschedulableAndUnresolvable: evicting pods would not help.
 */
export function nodeFilter(pod: Pod, node: Node, facts: NodeFacts = nodeFacts(node)): string | undefined {
  const spec = pod.spec;
  const tolerations = spec?.tolerations;
  if (facts.unschedulable && !tolerates(tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return 'node(s) were unschedulable';
  if (spec?.nodeName && spec.nodeName !== node.metadata?.name) return "node(s) didn't match the requested node name";
  for (const t of facts.schedulingTaints) if (!tolerates(tolerations, t)) return `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
  if ((spec?.nodeSelector || spec?.affinity?.nodeAffinity) && !requiredNodeAffinityMatches(spec, node)) return "node(s) didn't match Pod's node affinity/selector";
  return undefined;
}

/** NodeResourcesFit: every resource that is short on `node` (upstream lists them all; Unschedulable). */
export function insufficientResources(want: Resources, node: Node, used: Resources, have: Resources = allocatable(node)): string[] {
  const out: string[] = [];
  if (used.pods + 1 > have.pods) out.push('Too many pods');
  if (want.milliCPU === 0 && want.memory === 0) return out;
  if (used.milliCPU + want.milliCPU > have.milliCPU) out.push('Insufficient cpu');
  if (used.memory + want.memory > have.memory) out.push('Insufficient memory');
  return out;
}

/** Upstream's FailedScheduling text: `0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.` */
export function unschedulableMessage(total: number, reasons: string[]): string {
  if (total === 0) return 'no nodes available to schedule pods';
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  // Upstream sorts the whole "N reason" strings (Go sort.Strings: byte order, count included).
  const parts = [...counts.entries()].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `0/${total} nodes are available${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}
