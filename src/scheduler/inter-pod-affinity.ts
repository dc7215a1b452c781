/**
 * InterPodAffinity (upstream plugins/interpodaffinity): the required terms as a filter — the pod's
 * affinity, its anti-affinity, and existing pods' anti-affinity against it — and the preferred terms
 * (plus existing pods' required affinity at weight 1) as a score normalized to 0–100 by min and max.
 * Counts are per topology pair (key, value) of the nodes the matching pods are on.
 */
import type { Node, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1';
import type { Selector } from '../api/labels';
import { selectorFromLabelSelector, selects } from '../api/label-selector';
import { maxNodeScore } from './node-scores';
import type { NodeInfo, PodInfo } from './node-info';

export const reasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const reasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";
export const reasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";

/** Namespace name → its labels (for namespaceSelector). */
export type NamespaceLabels = (namespace: string) => Record<string, string> | undefined;

interface Term {
  selector: Selector | undefined;
  namespaces: Set<string>;
  namespaceSelector: Selector | undefined;
  topologyKey: string;
  weight: number;
}

function term(t: PodAffinityTerm, owner: Pod, weight = 1): Term {
  const namespaces = new Set(t.namespaces ?? []);
  if (!namespaces.size && !t.namespaceSelector) namespaces.add(owner.metadata?.namespace ?? '');
  return { selector: selectorFromLabelSelector(t.labelSelector), namespaces, namespaceSelector: selectorFromLabelSelector(t.namespaceSelector), topologyKey: t.topologyKey, weight };
}

function matches(t: Term, pod: Pod, nsLabels: NamespaceLabels): boolean {
  const ns = pod.metadata?.namespace ?? '';
  const inNs = t.namespaces.has(ns) || (t.namespaceSelector !== undefined && selects(t.namespaceSelector, nsLabels(ns)));
  return inNs && selects(t.selector, pod.metadata?.labels);
}

const required = {
  affinity: (p: Pod) => (p.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => term(t, p)),
  anti: (p: Pod) => (p.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => term(t, p)),
};
const preferred = {
  affinity: (p: Pod) => (p.spec?.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => term(t.podAffinityTerm, p, t.weight)),
  anti: (p: Pod) => (p.spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => term(t.podAffinityTerm, p, t.weight)),
};

const pair = (key: string, value: string) => `${key}\u0000${value}`;

function bump(counts: Map<string, number>, t: Term, node: Node, by = 1): void {
  const v = node.metadata?.labels?.[t.topologyKey];
  if (v !== undefined) counts.set(pair(t.topologyKey, v), (counts.get(pair(t.topologyKey, v)) ?? 0) + by);
}

/** PreFilter + Filter. `withAffinity` are the nodes holding pods that have affinity terms. */
export class AffinityFilter {
  private readonly existingAnti = new Map<string, number>();
  private readonly affinityCounts = new Map<string, number>();
  private readonly antiCounts = new Map<string, number>();
  private readonly affinity: Term[];
  private readonly anti: Term[];

  constructor(private readonly pod: Pod, all: NodeInfo[], withAffinity: Iterable<NodeInfo>, private readonly nsLabels: NamespaceLabels) {
    this.affinity = required.affinity(pod);
    this.anti = required.anti(pod);
    for (const info of withAffinity) {
      if (!info.node || info.podsWithRequiredAntiAffinity === 0) continue;
      for (const p of info.pods.values()) {
        if (!p.hasRequiredAntiAffinity) continue;
        for (const t of required.anti(p.pod)) if (matches(t, pod, nsLabels)) bump(this.existingAnti, t, info.node);
      }
    }
    if (!this.affinity.length && !this.anti.length) return;
    for (const info of all) {
      for (const p of info.pods.values()) {
        if (this.affinity.length && this.affinity.every((t) => matches(t, p.pod, nsLabels))) for (const t of this.affinity) bump(this.affinityCounts, t, info.node!);
        for (const t of this.anti) if (matches(t, p.pod, nsLabels)) bump(this.antiCounts, t, info.node!);
      }
    }
  }

  /** A copy for preemption's what-if (upstream CycleState.Clone). */
  clone(): AffinityFilter {
    const c = Object.create(AffinityFilter.prototype) as AffinityFilter;
    Object.assign(c, { ...this, existingAnti: new Map(this.existingAnti), affinityCounts: new Map(this.affinityCounts), antiCounts: new Map(this.antiCounts) });
    return c;
  }

  /** Upstream AddPod/RemovePod: `p` placed on (+1) or taken from (−1) `node`. */
  update(p: PodInfo, node: Node, sign: 1 | -1): void {
    if (p.hasRequiredAntiAffinity) for (const t of required.anti(p.pod)) if (matches(t, this.pod, this.nsLabels)) bump(this.existingAnti, t, node, sign);
    if (this.affinity.length && this.affinity.every((t) => matches(t, p.pod, this.nsLabels))) for (const t of this.affinity) bump(this.affinityCounts, t, node, sign);
    for (const t of this.anti) if (matches(t, p.pod, this.nsLabels)) bump(this.antiCounts, t, node, sign);
  }

  /** Whether the filter can fail at all for this pod (else the cycle skips it). */
  get relevant(): boolean {
    return this.existingAnti.size > 0 || this.affinity.length > 0 || this.anti.length > 0;
  }

  filter(node: Node): { reason: string; resolvable: boolean } | undefined {
    const labels = node.metadata?.labels ?? {};
    if (!this.satisfiesAffinity(labels)) return { reason: reasonAffinityRulesNotMatch, resolvable: false };
    for (const t of this.anti) {
      const v = labels[t.topologyKey];
      if (v !== undefined && (this.antiCounts.get(pair(t.topologyKey, v)) ?? 0) > 0) return { reason: reasonAntiAffinityRulesNotMatch, resolvable: true };
    }
    for (const [k, v] of Object.entries(labels)) {
      if ((this.existingAnti.get(pair(k, v)) ?? 0) > 0) return { reason: reasonExistingAntiAffinityRulesNotMatch, resolvable: true };
    }
    return undefined;
  }

  private satisfiesAffinity(labels: Record<string, string>): boolean {
    let podsExist = true;
    for (const t of this.affinity) {
      const v = labels[t.topologyKey];
      if (v === undefined) return false;
      if ((this.affinityCounts.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
    }
    // The first pod of a group with affinity to itself may go anywhere that has the topology keys.
    return podsExist || (this.affinityCounts.size === 0 && this.affinity.every((t) => matches(t, this.pod, this.nsLabels)));
  }
}

/** PreScore + Score + NormalizeScore over the feasible nodes. */
export function affinityScores(pod: Pod, feasible: NodeInfo[], all: NodeInfo[], withAffinity: Iterable<NodeInfo>, nsLabels: NamespaceLabels): number[] {
  const mine = { affinity: preferred.affinity(pod), anti: preferred.anti(pod) };
  const ownPreferences = mine.affinity.length + mine.anti.length > 0;
  const scores = new Map<string, number>();
  const sources = ownPreferences ? all : [...withAffinity];
  for (const info of sources) {
    const node = info.node;
    if (!node?.metadata?.labels) continue;
    for (const p of info.pods.values()) {
      for (const t of mine.affinity) if (matches(t, p.pod, nsLabels)) bump(scores, t, node, t.weight);
      for (const t of mine.anti) if (matches(t, p.pod, nsLabels)) bump(scores, t, node, -t.weight);
      if (!p.hasAffinity) continue;
      for (const t of required.affinity(p.pod)) if (matches(t, pod, nsLabels)) bump(scores, t, node, 1);
      for (const t of preferred.affinity(p.pod)) if (matches(t, pod, nsLabels)) bump(scores, t, node, t.weight);
      for (const t of preferred.anti(p.pod)) if (matches(t, pod, nsLabels)) bump(scores, t, node, -t.weight);
    }
  }
  if (!scores.size) return feasible.map(() => 0);
  const raw = feasible.map((info) => Object.entries(info.node!.metadata?.labels ?? {}).reduce((s, [k, v]) => s + (scores.get(pair(k, v)) ?? 0), 0));
  const min = Math.min(...raw);
  const diff = Math.max(...raw) - min;
  return raw.map((s) => (diff > 0 ? Math.floor((maxNodeScore * (s - min)) / diff) : 0));
}
