/**
 * PodTopologySpread (upstream plugins/podtopologyspread): the filter for `DoNotSchedule` constraints
 * (skew = matching pods in the node's domain + the pod itself − the global minimum, which is 0 while
 * fewer than minDomains domains exist) and the score for `ScheduleAnyway` ones, including the cluster
 * default constraints (hostname maxSkew 3, zone maxSkew 5) for pods that have none but belong to a
 * Service, ReplicaSet, StatefulSet or ReplicationController.
 */
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { Selector } from '../api/labels';
import { selectorFromLabelSelector, selects } from '../api/label-selector';
import { requiredNodeAffinityMatches, tolerates } from '../api/scheduling';
import { maxNodeScore } from './node-scores';
import { counts as podCounts } from './match-index';
import type { NodeInfo, PodInfo, SchedulerCache } from './node-info';

const hostnameKey = 'kubernetes.io/hostname';
export const reasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const reasonNodeLabelNotMatch = `${reasonConstraintsNotMatch} (missing required label)`;

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector | undefined;
  minDomains: number;
  honorAffinity: boolean;
  honorTaints: boolean;
}

/** Upstream's system default constraints (used when the pod has none and a default selector exists). */
export function defaultConstraints(selector: Selector): Constraint[] {
  const c = (topologyKey: string, maxSkew: number) => ({ maxSkew, topologyKey, selector, minDomains: 1, honorAffinity: true, honorTaints: false });
  return [c(hostnameKey, 3), c('topology.kubernetes.io/zone', 5)];
}

/** The pod's constraints of one kind, with matchLabelKeys folded into the selector. */
export function podConstraints(pod: Pod, kind: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  const labels = pod.metadata?.labels ?? {};
  return (pod.spec?.topologySpreadConstraints ?? [])
    .filter((c: TopologySpreadConstraint) => c.whenUnsatisfiable === kind)
    .map((c) => {
      const selector = selectorFromLabelSelector(c.labelSelector);
      for (const k of c.matchLabelKeys ?? []) if (selector && Object.hasOwn(labels, k)) selector.push({ key: k, operator: 'in', values: [labels[k]!] });
      return { maxSkew: c.maxSkew, topologyKey: c.topologyKey, selector, minDomains: c.minDomains ?? 1, honorAffinity: c.nodeAffinityPolicy !== 'Ignore', honorTaints: c.nodeTaintsPolicy === 'Honor' };
    });
}

/** Upstream nodeInclusionPolicy: whether a node's pods count for the constraint. */
function included(pod: Pod, c: Constraint, node: Node): boolean {
  if (c.honorAffinity && !requiredNodeAffinityMatches(pod.spec, node)) return false;
  if (c.honorTaints) {
    const tolerations = pod.spec?.tolerations ?? [];
    if ((node.spec?.taints ?? []).some((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t))) return false;
  }
  return true;
}

const hasAllKeys = (node: Node, cs: Constraint[]) => cs.every((c) => Object.hasOwn(node.metadata?.labels ?? {}, c.topologyKey));

interface DomainCounts {
  counts: Map<string, number>;
  min: number;
}

/** PreFilter + Filter for the hard constraints, over every node of the cluster. */
export class SpreadFilter {
  private readonly domains: DomainCounts[];

  constructor(private readonly pod: Pod, private readonly constraints: Constraint[], cache: SchedulerCache) {
    this.domains = constraints.map(() => ({ counts: new Map(), min: 0 }));
    const matching = constraints.map((c) => cache.matching(c.selector, pod.metadata?.namespace));
    for (const info of cache.list()) {
      const node = info.node!;
      if (!hasAllKeys(node, constraints)) continue;
      constraints.forEach((c, i) => {
        if (!included(pod, c, node)) return;
        const value = node.metadata!.labels![c.topologyKey]!;
        const d = this.domains[i]!.counts;
        d.set(value, (d.get(value) ?? 0) + (matching[i]!.get(info.name) ?? 0));
      });
    }
    this.updateMinimums();
  }

  private updateMinimums(): void {
    this.constraints.forEach((c, i) => {
      const d = this.domains[i]!;
      d.min = d.counts.size < c.minDomains ? 0 : Math.min(...d.counts.values());
    });
  }

  /** A copy for preemption's what-if (upstream CycleState.Clone). */
  clone(): SpreadFilter {
    const c = Object.create(SpreadFilter.prototype) as SpreadFilter;
    Object.assign(c, { pod: this.pod, constraints: this.constraints, domains: this.domains.map((d) => ({ counts: new Map(d.counts), min: d.min })) });
    return c;
  }

  /** Upstream AddPod/RemovePod: `p` placed on (+1) or taken from (−1) `node`. */
  update(p: PodInfo, node: Node, sign: 1 | -1): void {
    if (!hasAllKeys(node, this.constraints)) return;
    this.constraints.forEach((c, i) => {
      if (!included(this.pod, c, node) || !podCounts(p.pod, c.selector, this.pod.metadata?.namespace)) return;
      const d = this.domains[i]!.counts;
      const value = node.metadata!.labels![c.topologyKey]!;
      d.set(value, (d.get(value) ?? 0) + sign);
    });
    this.updateMinimums();
  }

  static for(pod: Pod, cache: SchedulerCache): SpreadFilter | undefined {
    const cs = podConstraints(pod, 'DoNotSchedule');
    return cs.length ? new SpreadFilter(pod, cs, cache) : undefined;
  }

  filter(node: Node): { reason: string; resolvable: boolean } | undefined {
    const labels = node.metadata?.labels ?? {};
    for (const [i, c] of this.constraints.entries()) {
      if (!Object.hasOwn(labels, c.topologyKey)) return { reason: reasonNodeLabelNotMatch, resolvable: false };
      const d = this.domains[i]!;
      const self = selects(c.selector, this.pod.metadata?.labels) ? 1 : 0;
      const skew = (d.counts.get(labels[c.topologyKey]!) ?? 0) + self - d.min;
      if (skew > c.maxSkew) return { reason: reasonConstraintsNotMatch, resolvable: true };
    }
    return undefined;
  }
}

/**
 * PreScore + Score + NormalizeScore for the soft constraints over the feasible nodes: fewer matching
 * pods in the node's domain scores higher. `requireAllKeys` is false only for the cluster defaults.
 */
export function spreadScores(pod: Pod, cs: Constraint[], feasible: NodeInfo[], cache: SchedulerCache, requireAllKeys: boolean): number[] {
  if (!cs.length) return feasible.map(() => 0);
  const ignored = feasible.map((i) => requireAllKeys && !hasAllKeys(i.node!, cs));
  const scored = feasible.filter((_i, k) => !ignored[k]);
  const terms = cs.map((c) => {
    const perNode = cache.matching(c.selector, pod.metadata?.namespace);
    if (c.topologyKey === hostnameKey) return { c, perNode, weight: Math.log(scored.length + 2), perValue: undefined };
    const perValue = new Map<string, number>();
    for (const i of scored) {
      const v = i.node!.metadata?.labels?.[c.topologyKey];
      if (v !== undefined) perValue.set(v, 0);
    }
    // Pods count on every node of the cluster in those domains that the inclusion policies admit.
    const plain = !c.honorTaints && !pod.spec?.nodeSelector && !pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    for (const [name, n] of perNode) {
      const node = cache.get(name)?.node;
      const v = node?.metadata?.labels?.[c.topologyKey];
      if (v === undefined || !perValue.has(v) || (requireAllKeys && !hasAllKeys(node!, cs)) || (!plain && !included(pod, c, node!))) continue;
      perValue.set(v, perValue.get(v)! + n);
    }
    return { c, perNode, weight: Math.log(perValue.size + 2), perValue };
  });
  const raw = feasible.map((info) => {
    let score = 0;
    const labels = info.node!.metadata?.labels ?? {};
    for (const t of terms) {
      const v = labels[t.c.topologyKey];
      if (v === undefined) continue;
      const cnt = t.perValue ? (t.perValue.get(v) ?? 0) : (t.perNode.get(info.name) ?? 0);
      score += cnt * t.weight + (t.c.maxSkew - 1);
    }
    return Math.round(score);
  });
  let min = Infinity;
  let max = 0;
  raw.forEach((s, k) => {
    if (ignored[k]) return;
    min = Math.min(min, s);
    max = Math.max(max, s);
  });
  return raw.map((s, k) => (ignored[k] ? 0 : max === 0 ? maxNodeScore : Math.floor((maxNodeScore * (max + min - s)) / max)));
}
