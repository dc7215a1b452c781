/**
 * What the node lifecycle controller decides about one node (upstream node_lifecycle_controller.go
 * tryUpdateNodeHealth, doNoScheduleTaintingPass, processTaintBaseEviction). No I/O.
 */
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1';
import { rfc3339 } from '../../api/time';

export const taintKeys = {
  notReady: 'node.kubernetes.io/not-ready',
  unreachable: 'node.kubernetes.io/unreachable',
  unschedulable: 'node.kubernetes.io/unschedulable',
  memoryPressure: 'node.kubernetes.io/memory-pressure',
  diskPressure: 'node.kubernetes.io/disk-pressure',
  pidPressure: 'node.kubernetes.io/pid-pressure',
  networkUnavailable: 'node.kubernetes.io/network-unavailable',
};

/** The conditions a kubelet that stops posting loses to Unknown. */
const kubeletConditions = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export function readyStatus(node: Node): string {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
}

/**
 * The conditions once the node's kubelet has gone quiet: each kubelet condition not already Unknown
 * becomes Unknown ("Kubelet stopped posting node status."), a missing one is added as never posted.
 * Undefined when nothing changes.
 */
export function unknownConditions(node: Node, now: number): NodeCondition[] | undefined {
  const conditions = [...(node.status?.conditions ?? [])];
  const at = rfc3339(now);
  let changed = false;
  for (const type of kubeletConditions) {
    const i = conditions.findIndex((c) => c.type === type);
    if (i < 0) {
      const created = node.metadata?.creationTimestamp ?? at;
      conditions.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: created, lastTransitionTime: at });
      changed = true;
    } else if (conditions[i]!.status !== 'Unknown') {
      conditions[i] = { ...conditions[i]!, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: at };
      changed = true;
    }
  }
  return changed ? conditions : undefined;
}

const conditionTaints: [string, string, string][] = [
  ['MemoryPressure', 'True', taintKeys.memoryPressure],
  ['DiskPressure', 'True', taintKeys.diskPressure],
  ['PIDPressure', 'True', taintKeys.pidPressure],
  ['NetworkUnavailable', 'True', taintKeys.networkUnavailable],
];

/** The NoSchedule and NoExecute taints this controller owns that the node should carry now. */
export function wantedTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  // A node that never posted Ready (just registered) is left alone, as upstream.
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  if (ready === 'False') out.push({ key: taintKeys.notReady, effect: 'NoSchedule' }, { key: taintKeys.notReady, effect: 'NoExecute' });
  if (ready === 'Unknown') out.push({ key: taintKeys.unreachable, effect: 'NoSchedule' }, { key: taintKeys.unreachable, effect: 'NoExecute' });
  for (const [type, status, key] of conditionTaints)
    if (node.status?.conditions?.some((c) => c.type === type && c.status === status)) out.push({ key, effect: 'NoSchedule' });
  if (node.spec?.unschedulable) out.push({ key: taintKeys.unschedulable, effect: 'NoSchedule' });
  return out;
}

const owned = new Set(Object.values(taintKeys));
const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;

/**
 * How NoExecute taints may change now (zones.ts): 'add' as wanted, 'hold' (add none yet: the zone's rate
 * limit), 'removeAll' (every zone is down: place none and lift ours).
 */
export type NoExecuteMode = 'add' | 'hold' | 'removeAll';

const ownNoExecute = (t: Taint) => t.effect === 'NoExecute' && (t.key === taintKeys.notReady || t.key === taintKeys.unreachable);

/** Whether bringing the taints in line would add a NoExecute taint to a node that has none of ours (a swap is not new). */
export function addsNoExecute(node: Node): boolean {
  const current = node.spec?.taints ?? [];
  return !current.some(ownNoExecute) && wantedTaints(node).some(ownNoExecute);
}

/**
 * The node's taints with this controller's brought in line: others' taints kept, ours added (NoExecute
 * ones stamped with timeAdded) or removed. Undefined when nothing changes.
 */
export function reconcileTaints(node: Node, now: number, mode: NoExecuteMode = 'add'): Taint[] | undefined {
  const current = node.spec?.taints ?? [];
  let wanted = wantedTaints(node);
  if (mode === 'removeAll') wanted = wanted.filter((t) => !ownNoExecute(t));
  if (mode === 'hold') wanted = wanted.filter((t) => !ownNoExecute(t) || current.some((c) => same(c, t)));
  const kept = current.filter((t) => !owned.has(t.key) || (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') || wanted.some((w) => same(w, t)));
  const added = wanted.filter((w) => !current.some((t) => same(w, t))).map((t) => (t.effect === 'NoExecute' ? { ...t, timeAdded: rfc3339(now) } : t));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}
