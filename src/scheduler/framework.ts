/**
 * One scheduling cycle of the default profile (upstream framework runtime + schedule_one.go): PreFilter
 * state, Filter in upstream's plugin order (the first failing plugin decides a node's status), then
 * Score with upstream's weights on the feasible nodes, and the pick among the best (random on ties).
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Selector } from '../api/labels';
import { insufficientResources, nodeFilter, type Resources } from './fit';
import { AffinityFilter, affinityScores, type NamespaceLabels } from './inter-pod-affinity';
import type { NodeInfo, PodInfo, SchedulerCache } from './node-info';
import {
  balancedAllocation,
  defaultNormalize,
  imageLocality,
  imageSpread,
  intolerablePreferNoSchedule,
  leastAllocated,
  portsConflict,
  preferredNodeAffinity,
} from './node-scores';
import { defaultConstraints, podConstraints, SpreadFilter, spreadScores } from './topology-spread';

/** Why a node was rejected; `resolvable` is upstream's Unschedulable (preemption may help), else ...AndUnresolvable. */
export interface NodeStatus {
  reasons: string[];
  resolvable: boolean;
}

export interface CycleDeps {
  cache: SchedulerCache;
  namespaceLabels: NamespaceLabels;
  /** Upstream helper.DefaultSelector: the labels of the Services and the controller owning the pod. */
  defaultSelector(pod: Pod): Selector | undefined;
  /** Further filters (VolumeBinding) after the built-in node filters; a reason is unresolvable. */
  extraFilter?(pod: Pod, node: Node): string | undefined;
  /** Pods nominated to the node (by preemption) that outrank or equal `pod`. */
  nominatedFor?(node: string, pod: PodInfo): PodInfo[];
}

/** Upstream default weights of the score plugins. */
const weights = { taint: 3, nodeAffinity: 2, fit: 1, spread: 2, interPod: 2, balanced: 1, image: 1 };

export class Cycle {
  spread: SpreadFilter | undefined;
  affinity: AffinityFilter | undefined;

  constructor(readonly pod: Pod, readonly info: PodInfo, private readonly deps: CycleDeps) {
    const all = deps.cache.list();
    this.spread = SpreadFilter.for(pod, deps.cache);
    const affinity = new AffinityFilter(pod, all, deps.cache.withAffinity, deps.namespaceLabels);
    this.affinity = affinity.relevant ? affinity : undefined;
  }

  /** A copy whose PreFilter state preemption can change (pods taken away and put back) without touching this one. */
  fork(): Cycle {
    const c = Object.create(Cycle.prototype) as Cycle;
    Object.assign(c, this, { spread: this.spread?.clone(), affinity: this.affinity?.clone() });
    return c;
  }

  /** Upstream RunPreFilterExtensionAddPod/RemovePod on this cycle's state. */
  updatePod(p: PodInfo, node: Node, sign: 1 | -1): void {
    this.spread?.update(p, node, sign);
    this.affinity?.update(p, node, sign);
  }

  /** Filter for one node: undefined when the pod fits. `used` overrides the node's totals (preemption). */
  filter(node: NodeInfo, used: Resources = node.requested, skipNodeChecks = false): NodeStatus | undefined {
    const n = node.node!;
    if (!skipNodeChecks) {
      const why = nodeFilter(this.pod, n, node.facts) ?? this.deps.extraFilter?.(this.pod, n);
      if (why) return { reasons: [why], resolvable: false };
    }
    if (this.info.ports.length && portsConflict(this.info.ports, node)) return { reasons: ["node(s) didn't have free ports for the requested pod ports"], resolvable: true };
    const short = insufficientResources(this.info.requests, n, this.withNominated(node, used), node.allocatable);
    if (short.length) return { reasons: short, resolvable: true };
    const other = this.spread?.filter(n) ?? this.affinity?.filter(n);
    return other ? { reasons: [other.reason], resolvable: other.resolvable } : undefined;
  }

  private withNominated(node: NodeInfo, used: Resources): Resources {
    const nominated = this.deps.nominatedFor?.(node.name, this.info) ?? [];
    if (!nominated.length) return used;
    const out = { ...used };
    for (const p of nominated) {
      out.milliCPU += p.requests.milliCPU;
      out.memory += p.requests.memory;
      out.pods += 1;
    }
    return out;
  }

  /** Weighted sum of the normalized plugin scores, one per feasible node. */
  score(feasible: NodeInfo[]): number[] {
    const pod = this.pod;
    const all = this.deps.cache.list();
    const total = feasible.map((i) => weights.fit * leastAllocated(this.info, i) + weights.balanced * balancedAllocation(this.info, i));
    const add = (w: number, scores: number[]) => scores.forEach((s, k) => (total[k]! += w * s));
    if (pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length) {
      add(weights.nodeAffinity, defaultNormalize(feasible.map((i) => preferredNodeAffinity(pod, i.node!)), false));
    }
    add(weights.taint, defaultNormalize(feasible.map((i) => intolerablePreferNoSchedule(pod, i.node!)), true));
    add(weights.spread, this.spreadScores(feasible));
    add(weights.interPod, affinityScores(pod, feasible, all, this.deps.cache.withAffinity, this.deps.namespaceLabels));
    if (all.some((i) => i.node!.status?.images?.length)) {
      const spread = imageSpread(all);
      add(weights.image, feasible.map((i) => imageLocality(pod, i.node!, spread, all.length)));
    }
    return total;
  }

  private spreadScores(feasible: NodeInfo[]): number[] {
    if (this.pod.spec?.topologySpreadConstraints?.length) return spreadScores(this.pod, podConstraints(this.pod, 'ScheduleAnyway'), feasible, this.deps.cache, true);
    const selector = this.deps.defaultSelector(this.pod);
    if (!selector?.length) return feasible.map(() => 0);
    return spreadScores(this.pod, defaultConstraints(selector), feasible, this.deps.cache, false);
  }
}

/** Upstream numFeasibleNodesToFind with the adaptive percentage (50% − nodes/125, at least 5%, at least 100 nodes). */
export function feasibleNodesToFind(total: number): number {
  if (total < 100) return total;
  const percentage = Math.max(5, 50 - Math.floor(total / 125));
  return Math.max(100, Math.floor((total * percentage) / 100));
}

export interface FindResult {
  feasible: NodeInfo[];
  statuses: Map<string, NodeStatus>;
  processed: number;
}

/** Filters nodes from `start` (round robin) until enough feasible ones are found. */
export function findFeasible(cycle: Cycle, nodes: NodeInfo[], start: number): FindResult {
  const want = feasibleNodesToFind(nodes.length);
  const feasible: NodeInfo[] = [];
  const statuses = new Map<string, NodeStatus>();
  let processed = 0;
  for (; processed < nodes.length && feasible.length < want; processed++) {
    const info = nodes[(start + processed) % nodes.length]!;
    const status = cycle.filter(info);
    if (status) statuses.set(info.name, status);
    else feasible.push(info);
  }
  return { feasible, statuses, processed };
}

/** Upstream selectHost: the highest total, a uniformly random one among ties. */
export function selectHost(feasible: NodeInfo[], scores: number[], random: () => number = Math.random): NodeInfo {
  let best = 0;
  let ties = 1;
  for (let k = 1; k < feasible.length; k++) {
    if (scores[k]! > scores[best]!) {
      best = k;
      ties = 1;
    } else if (scores[k] === scores[best] && random() * ++ties < 1) {
      best = k;
    }
  }
  return feasible[best]!;
}

/** The reasons of every rejected node, counted as upstream's FitError does. */
export function statusReasons(statuses: Map<string, NodeStatus>): string[] {
  const out: string[] = [];
  for (const s of statuses.values()) out.push(...s.reasons);
  return out;
}
