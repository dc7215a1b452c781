/**
 * DaemonSet status (upstream daemon_controller.go updateDaemonSetStatus): per node that should run the
 * daemon, whether it has a pod (current), whether the oldest is ready, available and of the current
 * revision; pods on nodes that should not run it are misscheduled.
 */
import type { DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/interface';
import { asPod, isPodAvailable, isPodReady } from '../replicaset/pods';
import { asDaemonSet, nodeShouldRunDaemonPod } from './node-fit';
import { isUpdated } from './pods';

export function computeStatus(ds: KubeObject, nodes: Node[], byNode: Map<string, KubeObject[]>, hash: string, now: number): DaemonSetStatus {
  const minReady = asDaemonSet(ds).spec?.minReadySeconds ?? 0;
  const status = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, numberAvailable: 0, updatedNumberScheduled: 0 };
  for (const node of nodes) {
    const pods = byNode.get(node.metadata!.name!) ?? [];
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (pods.length > 0) status.numberMisscheduled++;
      continue;
    }
    status.desiredNumberScheduled++;
    const oldest = pods[0];
    if (!oldest) continue;
    status.currentNumberScheduled++;
    if (isPodReady(asPod(oldest))) {
      status.numberReady++;
      if (isPodAvailable(asPod(oldest), minReady, now)) status.numberAvailable++;
    }
    if (isUpdated(oldest, hash)) status.updatedNumberScheduled++;
  }
  const unavailable = status.desiredNumberScheduled - status.numberAvailable;
  return {
    ...status,
    ...(unavailable > 0 ? { numberUnavailable: unavailable } : {}),
    observedGeneration: ds.metadata.generation,
    collisionCount: asDaemonSet(ds).status?.collisionCount,
  };
}

const fields: (keyof DaemonSetStatus)[] = [
  'desiredNumberScheduled',
  'currentNumberScheduled',
  'numberMisscheduled',
  'numberReady',
  'numberAvailable',
  'numberUnavailable',
  'updatedNumberScheduled',
  'observedGeneration',
  'collisionCount',
];

export function statusChanged(ds: KubeObject, next: DaemonSetStatus): boolean {
  const old = (asDaemonSet(ds).status ?? {}) as Record<string, unknown>;
  return fields.some((f) => (old[f] ?? 0) !== (next[f] ?? 0));
}
