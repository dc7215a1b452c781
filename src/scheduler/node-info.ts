/**
 * The scheduler's cache (upstream framework.NodeInfo and the scheduler cache): per node, the pods placed
 * there (bound, or assumed by this scheduler) and running totals of what they request and which host
 * ports they hold, kept up to date on every pod event so a scheduling cycle never rescans all pods.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Selector } from '../api/labels';
import { allocatable, nodeFacts, podRequests, type NodeFacts, type Resources } from './fit';
import { MatchIndex } from './match-index';

/** Requests as upstream scores them: a container without a cpu/memory request counts 100m / 200MB. */
export interface NonZero {
  milliCPU: number;
  memory: number;
}

export const defaultMilliCPURequest = 100;
export const defaultMemoryRequest = 200 * 1024 * 1024;

export interface PodInfo {
  key: string;
  pod: Pod;
  requests: Resources;
  nonZero: NonZero;
  /** `protocol/hostIP/port` of each container hostPort. */
  ports: string[];
  priority: number;
  /** Whether the pod has any (anti-)affinity term: InterPodAffinity looks only at these. */
  hasAffinity: boolean;
  hasRequiredAntiAffinity: boolean;
}

export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

function nonZeroRequests(pod: Pod): NonZero {
  let milliCPU = 0;
  let memory = 0;
  const explicit = podRequests(pod);
  for (const c of pod.spec?.containers ?? []) {
    if (c.resources?.requests?.cpu === undefined) milliCPU += defaultMilliCPURequest;
    if (c.resources?.requests?.memory === undefined) memory += defaultMemoryRequest;
  }
  return { milliCPU: explicit.milliCPU + milliCPU, memory: explicit.memory + memory };
}

export function hostPorts(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${p.protocol ?? 'TCP'}/${p.hostIP || '0.0.0.0'}/${p.hostPort}`);
  }
  return out;
}

export function newPodInfo(key: string, pod: Pod): PodInfo {
  const a = pod.spec?.affinity;
  const hasRequiredAntiAffinity = (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
  const hasAffinity = hasRequiredAntiAffinity || !!a?.podAffinity || (a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
  return { key, pod, requests: podRequests(pod), nonZero: nonZeroRequests(pod), ports: hostPorts(pod), priority: podPriority(pod), hasAffinity, hasRequiredAntiAffinity };
}

export class NodeInfo {
  node: Node | undefined;
  /** status.allocatable parsed once per node update (quantities are costly to parse per cycle). */
  allocatable: Resources = { milliCPU: 0, memory: 0, pods: 0 };
  /** Taints and unschedulable as the node filters read them, worked out once per node update. */
  facts: NodeFacts = { unschedulable: false, schedulingTaints: [] };
  readonly pods = new Map<string, PodInfo>();
  readonly requested: Resources = { milliCPU: 0, memory: 0, pods: 0 };
  readonly nonZeroRequested: NonZero = { milliCPU: 0, memory: 0 };
  readonly usedPorts = new Map<string, number>();
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;

  constructor(readonly name: string) {}

  add(p: PodInfo): void {
    this.pods.set(p.key, p);
    this.apply(p, 1);
  }

  remove(key: string): void {
    const p = this.pods.get(key);
    if (!p) return;
    this.pods.delete(key);
    this.apply(p, -1);
  }

  private apply(p: PodInfo, sign: 1 | -1): void {
    this.requested.milliCPU += sign * p.requests.milliCPU;
    this.requested.memory += sign * p.requests.memory;
    this.requested.pods += sign;
    this.nonZeroRequested.milliCPU += sign * p.nonZero.milliCPU;
    this.nonZeroRequested.memory += sign * p.nonZero.memory;
    for (const port of p.ports) {
      const n = (this.usedPorts.get(port) ?? 0) + sign;
      if (n > 0) this.usedPorts.set(port, n);
      else this.usedPorts.delete(port);
    }
    if (p.hasAffinity) this.podsWithAffinity += sign;
    if (p.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity += sign;
  }

  /** A copy whose pod set can be changed (preemption's what-if) without touching the cache. */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.allocatable = this.allocatable;
    c.facts = this.facts;
    for (const p of this.pods.values()) c.add(p);
    return c;
  }
}

export class SchedulerCache {
  private readonly infos = new Map<string, NodeInfo>();
  private readonly podNode = new Map<string, string>();
  private listed: NodeInfo[] | undefined;
  /** Nodes holding at least one pod with (anti-)affinity terms. */
  readonly withAffinity = new Set<NodeInfo>();
  private readonly matches = new MatchIndex();

  private info(name: string): NodeInfo {
    let i = this.infos.get(name);
    if (!i) this.infos.set(name, (i = new NodeInfo(name)));
    return i;
  }

  setNode(node: Node): void {
    const i = this.info(node.metadata!.name!);
    if (!i.node) this.listed = undefined;
    if (i.node?.status?.allocatable !== node.status?.allocatable) i.allocatable = allocatable(node);
    i.facts = nodeFacts(node);
    i.node = node;
  }

  removeNode(name: string): void {
    const i = this.infos.get(name);
    if (!i) return;
    i.node = undefined;
    if (i.pods.size === 0) this.infos.delete(name);
    this.listed = undefined;
  }

  /** Places (or moves) the pod on `nodeName`. */
  addPod(key: string, pod: Pod, nodeName: string): void {
    const same = this.podNode.get(key) === nodeName ? this.infos.get(nodeName)?.pods.get(key) : undefined;
    // A bound pod's spec does not change (its status does): keep its totals, take the new object.
    const sameLabels = same !== undefined && JSON.stringify(same.pod.metadata?.labels) === JSON.stringify(pod.metadata?.labels);
    if (same && sameLabels && same.pod.spec?.nodeName === pod.spec?.nodeName && !same.pod.metadata?.deletionTimestamp === !pod.metadata?.deletionTimestamp) {
      same.pod = pod;
      return;
    }
    this.removePod(key);
    const i = this.info(nodeName);
    i.add(newPodInfo(key, pod));
    this.podNode.set(key, nodeName);
    this.matches.update(pod, nodeName, 1);
    if (i.podsWithAffinity > 0) this.withAffinity.add(i);
  }

  removePod(key: string): void {
    const name = this.podNode.get(key);
    if (name === undefined) return;
    this.podNode.delete(key);
    const i = this.infos.get(name)!;
    const p = i.pods.get(key);
    if (p) this.matches.update(p.pod, name, -1);
    i.remove(key);
    if (i.podsWithAffinity === 0) this.withAffinity.delete(i);
    if (!i.node && i.pods.size === 0) this.infos.delete(name);
  }

  /** Node name → the pods of `namespace` that `selector` picks there (not terminating), kept incrementally. */
  matching(selector: Selector | undefined, namespace: string | undefined): Map<string, number> {
    return this.matches.get(selector, namespace, () => this.placed());
  }

  private *placed(): Iterable<[Pod, string]> {
    for (const i of this.infos.values()) for (const p of i.pods.values()) yield [p.pod, i.name];
  }

  nodeOf(key: string): string | undefined {
    return this.podNode.get(key);
  }

  get(name: string): NodeInfo | undefined {
    return this.infos.get(name);
  }

  /** The nodes known, in a stable order (the array is shared; do not change it). */
  list(): NodeInfo[] {
    this.listed ??= [...this.infos.values()].filter((i) => i.node).sort((a, b) => a.name.localeCompare(b.name));
    return this.listed;
  }
}
