/**
 * What simulated nodes report to the resource metrics API (metrics-server's view of a kubelet's stats):
 * each running pod's containers use a fraction of what they request, unless the pod's annotations
 * `skiff.dev/simulated-cpu-usage` / `skiff.dev/simulated-memory-usage` (the whole pod's usage, e.g.
 * "250m", "100Mi") say otherwise, shared among its containers by request; a node uses the sum of its pods.
 * Annotations on a pod template reach every pod made from it, so a test drives load with them.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { ContainerMetrics, MetricsSource, NodeMetricsSample, PodMetricsSample } from '../../api/metrics';
import { parseQuantity } from '../../api/quantity';
import { formatBinary, formatDecimal } from '../../api/quantity-format';
import { rfc3339 } from '../../api/time';
import type { Informer } from '../../client/informer';
import type { KubeObject } from '../../client/interface';
import { type Clock, realClock } from '../../util/clock';

export const cpuUsageAnnotation = 'skiff.dev/simulated-cpu-usage';
export const memoryUsageAnnotation = 'skiff.dev/simulated-memory-usage';

export interface SimulatedMetricsOptions {
  pods: Informer<KubeObject>;
  nodes: Informer<KubeObject>;
  /** Names of the nodes this source speaks for. */
  nodeNames: readonly string[];
  /** Share of each container's request it uses by default (0.1: 10%). */
  requestFraction?: number;
  /** The window each sample covers, as metrics-server reports it. */
  windowSeconds?: number;
  clock?: Clock;
}

/** Usage of a container without a request: 1m CPU, 4Mi memory. */
const floor = { cpu: 0.001, memory: 4 * 2 ** 20 };

function request(c: Container, resource: 'cpu' | 'memory'): number {
  const q = c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource];
  return q === undefined ? 0 : parseQuantity(q);
}

/** What runs while the pod runs: its containers and restartable init containers (sidecars). */
function longRunning(pod: Pod): Container[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
}

/** Per-container usage of one resource: the pod's annotated total split by request, or a fraction of each request. */
function containerUsage(pod: Pod, resource: 'cpu' | 'memory', fraction: number): number[] {
  const containers = longRunning(pod);
  const requests = containers.map((c) => request(c, resource));
  const annotated = pod.metadata?.annotations?.[resource === 'cpu' ? cpuUsageAnnotation : memoryUsageAnnotation];
  if (annotated !== undefined) {
    let total: number;
    try {
      total = parseQuantity(annotated);
    } catch {
      total = NaN;
    }
    if (Number.isFinite(total) && total >= 0) {
      const sum = requests.reduce((a, b) => a + b, 0);
      return requests.map((r) => (sum > 0 ? (total * r) / sum : total / containers.length));
    }
  }
  return requests.map((r) => (r > 0 ? r * fraction : floor[resource]));
}

export class SimulatedMetrics implements MetricsSource {
  private readonly clock: Clock;
  private readonly nodeNames: Set<string>;

  constructor(private readonly options: SimulatedMetricsOptions) {
    this.clock = options.clock ?? realClock;
    this.nodeNames = new Set(options.nodeNames);
  }

  private sampleTimes() {
    return { timestamp: rfc3339(this.clock.now()), window: `${this.options.windowSeconds ?? 15}s` };
  }

  /** Running pods on these nodes (metrics-server reports no others). */
  private running(namespace?: string): Pod[] {
    return this.options.pods
      .list()
      .map((o) => o as unknown as Pod)
      .filter((p) => this.nodeNames.has(p.spec?.nodeName ?? '') && p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp && (namespace === undefined || p.metadata?.namespace === namespace));
  }

  private containers(pod: Pod): ContainerMetrics[] {
    const fraction = this.options.requestFraction ?? 0.1;
    const cpu = containerUsage(pod, 'cpu', fraction);
    const memory = containerUsage(pod, 'memory', fraction);
    return longRunning(pod).map((c, i) => ({ name: c.name, usage: { cpu: formatDecimal(cpu[i]! * 1e9, -9), memory: formatBinary(memory[i]!) } }));
  }

  podMetrics(namespace?: string): PodMetricsSample[] {
    const times = this.sampleTimes();
    return this.running(namespace).map((p) => ({
      metadata: { name: p.metadata!.name!, namespace: p.metadata!.namespace!, labels: p.metadata?.labels ?? {} },
      ...times,
      containers: this.containers(p),
    }));
  }

  nodeMetrics(): NodeMetricsSample[] {
    const totals = new Map<string, { cpu: number; memory: number }>([...this.nodeNames].map((n) => [n, { cpu: 0, memory: 0 }]));
    const fraction = this.options.requestFraction ?? 0.1;
    for (const pod of this.running()) {
      const t = totals.get(pod.spec!.nodeName!)!;
      t.cpu += containerUsage(pod, 'cpu', fraction).reduce((a, b) => a + b, 0);
      t.memory += containerUsage(pod, 'memory', fraction).reduce((a, b) => a + b, 0);
    }
    const times = this.sampleTimes();
    return [...totals].map(([name, t]) => ({
      metadata: { name, labels: this.options.nodes.get(name)?.metadata.labels ?? {} },
      ...times,
      usage: { cpu: formatDecimal(t.cpu * 1e9, -9), memory: formatBinary(t.memory) },
    }));
  }
}
