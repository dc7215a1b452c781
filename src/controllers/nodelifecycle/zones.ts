/**
 * Zone-aware NoExecute tainting (upstream node_lifecycle_controller.go ComputeZoneState, handleDisruption,
 * setLimiterInZone): nodes are grouped by region and zone; a zone's unhealthy nodes are tainted at a
 * limited rate (0.1 nodes/s), slower or not at all when most of a zone is down, and when every node of
 * every zone is not Ready the controller assumes its own connectivity failed and taints none
 * (removing the NoExecute taints it placed).
 */
import type { Node } from 'kubernetes-types/core/v1';

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

export const rates = {
  /** Upstream --node-eviction-rate. */
  normal: 0.1,
  /** Upstream --secondary-node-eviction-rate, for large zones in partial disruption. */
  secondary: 0.01,
  /** Upstream --large-cluster-size-threshold. */
  largeCluster: 50,
  /** Upstream --unhealthy-zone-threshold. */
  unhealthyZone: 0.55,
};

/** upstream utilnode.GetZoneKey: region and zone labels ('' for a node with neither). */
export function zoneOf(node: Node): string {
  const l = node.metadata?.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

const isReady = (n: Node) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

export function zoneState(nodes: Node[]): ZoneState {
  const notReady = nodes.filter((n) => !isReady(n)).length;
  const ready = nodes.length - notReady;
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / nodes.length >= rates.unhealthyZone) return 'PartialDisruption';
  return 'Normal';
}

/** What the controller may do with NoExecute taints in a node's zone. */
export type NoExecutePolicy = { kind: 'removeAll' } | { kind: 'rate'; perSecond: number };

export function noExecutePolicy(all: Node[], zone: string): NoExecutePolicy {
  const byZone = new Map<string, Node[]>();
  for (const n of all) {
    const z = zoneOf(n);
    byZone.set(z, [...(byZone.get(z) ?? []), n]);
  }
  const states = [...byZone.values()].map(zoneState);
  if (states.length > 0 && states.every((s) => s === 'FullDisruption')) return { kind: 'removeAll' };
  const members = byZone.get(zone) ?? [];
  if (zoneState(members) === 'PartialDisruption') return { kind: 'rate', perSecond: members.length > rates.largeCluster ? rates.secondary : 0 };
  return { kind: 'rate', perSecond: rates.normal };
}
