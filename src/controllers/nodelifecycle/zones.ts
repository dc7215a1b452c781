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

/** Every zone's nodes and state, computed once per change of the node set (not once per node sync). */
export class Zones {
  private readonly members = new Map<string, Node[]>();
  private readonly states = new Map<string, ZoneState>();
  private readonly allFull: boolean;

  constructor(all: Node[]) {
    for (const n of all) {
      const z = zoneOf(n);
      const list = this.members.get(z);
      if (list) list.push(n);
      else this.members.set(z, [n]);
    }
    for (const [z, nodes] of this.members) this.states.set(z, zoneState(nodes));
    this.allFull = this.states.size > 0 && [...this.states.values()].every((s) => s === 'FullDisruption');
  }

  policy(zone: string): NoExecutePolicy {
    if (this.allFull) return { kind: 'removeAll' };
    if (this.states.get(zone) === 'PartialDisruption') return { kind: 'rate', perSecond: (this.members.get(zone)?.length ?? 0) > rates.largeCluster ? rates.secondary : 0 };
    return { kind: 'rate', perSecond: rates.normal };
  }
}

export function noExecutePolicy(all: Node[], zone: string): NoExecutePolicy {
  return new Zones(all).policy(zone);
}
