/** Fixtures for the scheduler's unit tests: nodes, pods and a cache holding them. */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { Cycle } from './framework';
import { newPodInfo, SchedulerCache } from './node-info';

export function testNode(name: string, labels: Record<string, string> = {}, extra: Partial<Node> = {}): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    status: { allocatable: { cpu: '4', memory: '16Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
    ...extra,
  };
}

export function testPod(name: string, labels: Record<string, string> = {}, spec: Partial<Pod['spec']> = {}, cpu?: string): Pod {
  const resources = cpu ? { requests: { cpu } } : {};
  return { metadata: { name, namespace: 'default', labels, creationTimestamp: '2024-01-01T00:00:00Z' }, spec: { containers: [{ name: 'c', image: 'busybox', resources }], ...spec } };
}

/** A cache with these nodes, and pods placed as `[pod, nodeName]`. */
export function testCache(nodes: Node[], placed: [Pod, string][] = []): SchedulerCache {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.setNode(n);
  for (const [p, n] of placed) cache.addPod(`default/${p.metadata!.name}`, p, n);
  return cache;
}

export function testCycle(pod: Pod, cache: SchedulerCache, namespaces: Record<string, Record<string, string>> = {}): Cycle {
  return new Cycle(pod, newPodInfo(`default/${pod.metadata!.name}`, pod), { cache, namespaceLabels: (ns) => namespaces[ns], defaultSelector: () => undefined });
}

/** Each node's filter verdict: the first reason, or 'ok'. */
export function verdicts(cycle: Cycle, cache: SchedulerCache): Record<string, string> {
  return Object.fromEntries(cache.list().map((i) => [i.name, cycle.filter(i)?.reasons[0] ?? 'ok']));
}
