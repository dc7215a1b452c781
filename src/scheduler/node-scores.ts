/**
 * Per-node filters and scores that need nothing beyond the node and its totals (upstream plugins by
 * name): NodePorts (filter), NodeResourcesFit LeastAllocated and NodeResourcesBalancedAllocation,
 * NodeAffinity preferred terms, TaintToleration PreferNoSchedule, ImageLocality. Each score is 0–100
 * after its plugin's normalization.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { nodeSelectorTermMatches, tolerates } from '../api/scheduling';
import type { NodeInfo, PodInfo } from './node-info';

export const maxNodeScore = 100;

/** NodePorts: a wanted hostPort conflicts with one in use (0.0.0.0 clashes with every address). */
export function portsConflict(want: string[], info: NodeInfo): boolean {
  for (const p of want) {
    if (info.usedPorts.has(p)) return true;
    const [proto, ip, port] = p.split('/');
    for (const used of info.usedPorts.keys()) {
      const [uProto, uIp, uPort] = used.split('/');
      if (uProto === proto && uPort === port && (ip === '0.0.0.0' || uIp === '0.0.0.0')) return true;
    }
  }
  return false;
}

function leastOne(req: number, cap: number): number {
  return cap === 0 || req > cap ? 0 : Math.floor(((cap - req) * maxNodeScore) / cap);
}

function fraction(req: number, cap: number): number {
  return cap === 0 ? 0 : Math.min(1, req / cap);
}

/** LeastAllocated over cpu and memory (weights 1), with upstream's non-zero defaults for unset requests. */
export function leastAllocated(pod: PodInfo, info: NodeInfo): number {
  const have = info.allocatable;
  const cpu = leastOne(info.nonZeroRequested.milliCPU + pod.nonZero.milliCPU, have.milliCPU);
  const mem = leastOne(info.nonZeroRequested.memory + pod.nonZero.memory, have.memory);
  return Math.floor((cpu + mem) / 2);
}

/** BalancedAllocation: 100 × (1 − the standard deviation of the cpu and memory fractions). */
export function balancedAllocation(pod: PodInfo, info: NodeInfo): number {
  const have = info.allocatable;
  const cpu = fraction(info.requested.milliCPU + pod.requests.milliCPU, have.milliCPU);
  const mem = fraction(info.requested.memory + pod.requests.memory, have.memory);
  return Math.floor((1 - Math.abs(cpu - mem) / 2) * maxNodeScore);
}

/** NodeAffinity: the summed weights of the preferred terms the node matches (normalized later). */
export function preferredNodeAffinity(pod: Pod, node: Node): number {
  let sum = 0;
  for (const t of pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
    if (t.weight && nodeSelectorTermMatches(t.preference, node)) sum += t.weight;
  }
  return sum;
}

/** TaintToleration: how many PreferNoSchedule taints the pod does not tolerate (normalized in reverse). */
export function intolerablePreferNoSchedule(pod: Pod, node: Node): number {
  const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  return (node.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerates(tolerations, t)).length;
}

/** Upstream helper.DefaultNormalizeScore: scale to 0–100 by the largest; `reverse` flips it. */
export function defaultNormalize(scores: number[], reverse: boolean): number[] {
  const max = Math.max(0, ...scores);
  if (max === 0) return scores.map(() => (reverse ? maxNodeScore : 0));
  return scores.map((s) => {
    const v = Math.floor((maxNodeScore * s) / max);
    return reverse ? maxNodeScore - v : v;
  });
}

const mb = 1024 * 1024;
const minImageThreshold = 23 * mb;
const maxContainerThreshold = 1000 * mb;

/** Upstream normalizedImageName: an image without a tag means `:latest`. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** Image name → how many nodes report it, from node status.images. */
export function imageSpread(nodes: NodeInfo[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const i of nodes) {
    for (const img of i.node?.status?.images ?? []) for (const n of img.names ?? []) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return counts;
}

/** ImageLocality: the sizes of the pod's images already on the node, scaled by how widely they are spread. */
export function imageLocality(pod: Pod, node: Node, spread: Map<string, number>, totalNodes: number): number {
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  if (!containers.length || !node.status?.images?.length) return 0;
  const sizes = new Map<string, number>();
  for (const img of node.status.images) for (const n of img.names ?? []) sizes.set(n, img.sizeBytes ?? 0);
  let sum = 0;
  for (const c of containers) {
    const name = normalizedImageName(c.image ?? '');
    const size = sizes.get(name);
    if (size !== undefined) sum += Math.floor(size * ((spread.get(name) ?? 1) / totalNodes));
  }
  const maxThreshold = maxContainerThreshold * containers.length;
  const clamped = Math.min(Math.max(sum, minImageThreshold), maxThreshold);
  return Math.floor((maxNodeScore * (clamped - minImageThreshold)) / (maxThreshold - minImageThreshold));
}
