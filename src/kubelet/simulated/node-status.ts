/** What a simulated node and its pods report: the Node object, its lease, and a running or finished pod's status. */
import type { ContainerStatus, Node, Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/interface';

export interface SimulatedNodeCapacity {
  cpu: string;
  memory: string;
  pods: string;
}

export const defaultCapacity: SimulatedNodeCapacity = { cpu: '4', memory: '16Gi', pods: '110' };

/** Pod annotations that change how a simulated node runs a pod's containers. */
export const runSecondsAnnotation = 'skiff.dev/simulated-run-seconds';
export const exitCodeAnnotation = 'skiff.dev/simulated-exit-code';
/** Node annotation: "true" makes the node's agent stop heartbeating and handling pods until removed. */
export const stoppedAnnotation = 'skiff.dev/simulated-stopped';

export function nodeObject(name: string, index: number, capacity: SimulatedNodeCapacity, now: string): KubeObject {
  const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now });
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'type': 'skiff-simulated' },
    },
    spec: { podCIDR: `10.42.${index}.0/24`, podCIDRs: [`10.42.${index}.0/24`] },
    status: {
      capacity: { ...capacity },
      allocatable: { ...capacity },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: `10.44.${Math.floor(index / 250)}.${(index % 250) + 1}` },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        machineID: '',
        systemUUID: '',
        bootID: '',
        kernelVersion: 'simulated',
        osImage: 'skiff simulated node',
        containerRuntimeVersion: 'simulated://0.1.0',
        kubeletVersion: 'v1.31.0+skiff',
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
  return node as unknown as KubeObject;
}

const condition = (type: PodCondition['type'], status: string, now: string): PodCondition => ({ type, status, lastTransitionTime: now });

/** The status of a pod whose containers all started (and, for run-to-completion pods, may have finished). */
export function podStatus(pod: Pod, podIP: string, hostIP: string, now: string, finished?: { exitCode: number }): Pod['status'] {
  const containers = pod.spec?.containers ?? [];
  const ready = !finished;
  const statuses: ContainerStatus[] = containers.map((c) => ({
    name: c.name,
    image: c.image ?? '',
    imageID: `simulated://${c.image ?? ''}`,
    containerID: `simulated://${pod.metadata?.uid ?? ''}/${c.name}`,
    ready,
    started: !finished,
    restartCount: 0,
    state: finished
      ? { terminated: { exitCode: finished.exitCode, reason: finished.exitCode === 0 ? 'Completed' : 'Error', startedAt: pod.status?.startTime ?? now, finishedAt: now } }
      : { running: { startedAt: now } },
  }));
  const initStatuses: ContainerStatus[] = (pod.spec?.initContainers ?? []).map((c) => ({
    name: c.name,
    image: c.image ?? '',
    imageID: `simulated://${c.image ?? ''}`,
    ready: true,
    restartCount: 0,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } },
  }));
  const phase = !finished ? 'Running' : finished.exitCode === 0 ? 'Succeeded' : 'Failed';
  const readyCondition = ready ? 'True' : 'False';
  return {
    phase,
    qosClass: pod.status?.qosClass,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: pod.status?.startTime ?? now,
    conditions: [
      condition('PodReadyToStartContainers', 'True', now),
      condition('Initialized', 'True', now),
      condition('Ready', readyCondition, now),
      condition('ContainersReady', readyCondition, now),
      condition('PodScheduled', 'True', now),
    ],
    containerStatuses: statuses,
    ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
  };
}
