/** What a simulated node reports: the Node object with its capacity and conditions. */
import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/interface';

export interface SimulatedNodeCapacity {
  cpu: string;
  memory: string;
  pods: string;
}

export const defaultCapacity: SimulatedNodeCapacity = { cpu: '4', memory: '16Gi', pods: '110' };

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
