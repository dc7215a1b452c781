/**
 * How many replicas a Resource metric asks for (upstream pkg/controller/podautoscaler/replica_calculator.go):
 * the usage ratio against the target, within a 10% tolerance doing nothing; pods being deleted or failed
 * are ignored, pending and not-yet-ready pods (for CPU) left out and counted as using nothing on a
 * scale-up, pods without metrics counted as using nothing on a scale-up and the target on a scale-down;
 * and no answer that would reverse the direction of the change.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../../api/quantity';

/** One pod's metric value (milli-units, as upstream's MilliValue), sampled at `timestamp` over `windowMs`. */
export interface PodMetric {
  value: number;
  timestamp: number;
  windowMs: number;
}

export type PodMetrics = Map<string, PodMetric>;

export interface CalculatorOptions {
  /** Changes of the usage ratio this close to 1 are ignored (upstream --horizontal-pod-autoscaler-tolerance). */
  tolerance: number;
  /** CPU samples of pods started this recently count only after a window since they became ready. */
  cpuInitializationPeriodMs: number;
  /** A never-ready pod started this recently is unready, not just slow to report. */
  delayOfInitialReadinessStatusMs: number;
  now: number;
}

export const defaultCalculatorOptions = { tolerance: 0.1, cpuInitializationPeriodMs: 5 * 60_000, delayOfInitialReadinessStatusMs: 30_000 };

export class CalculationError extends Error {}

interface Groups {
  readyPodCount: number;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

function cpuSampleUnready(pod: Pod, metric: PodMetric, o: CalculatorOptions): boolean {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const started = pod.status?.startTime ? Date.parse(pod.status.startTime) : undefined;
  if (!ready || started === undefined) return true;
  const transition = Date.parse(ready.lastTransitionTime ?? '') || 0;
  if (started + o.cpuInitializationPeriodMs > o.now) {
    // Still initializing: the sample counts once a whole window was collected since the pod turned ready.
    return ready.status === 'False' || metric.timestamp < transition + metric.windowMs;
  }
  // Unready and never ready since start.
  return ready.status === 'False' && started + o.delayOfInitialReadinessStatusMs > transition;
}

export function groupPods(pods: Pod[], metrics: PodMetrics, resource: string, o: CalculatorOptions): Groups {
  const g: Groups = { readyPodCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const name = pod.metadata!.name!;
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Failed') {
      g.ignored.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      g.unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      g.missing.add(name);
      continue;
    }
    if (resource === 'cpu' && cpuSampleUnready(pod, metric, o)) {
      g.unready.add(name);
      continue;
    }
    g.readyPodCount++;
  }
  return g;
}

/** The containers that run for the pod's life: regular ones and restartable init containers (sidecars). */
export function longRunningContainers(pod: Pod): { name: string; resources?: { requests?: Record<string, string> } }[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
}

/**
 * Each pod's summed request of `resource` (of one container when `container` is set), in milli-units;
 * a counted container without one is an error.
 */
export function podRequests(pods: Pod[], resource: string, container?: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    for (const c of longRunningContainers(pod).filter((c) => container === undefined || c.name === container)) {
      const q = c.resources?.requests?.[resource];
      if (q === undefined) throw new CalculationError(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name}`);
      sum += Math.ceil(parseQuantity(q) * 1000 - 1e-9);
    }
    out.set(pod.metadata!.name!, sum);
  }
  return out;
}

/** Upstream GetResourceUtilizationRatio: utilization is a whole percentage; raw is the mean usage per pod. */
export function utilizationRatio(metrics: PodMetrics, requests: Map<string, number>, target: number): { ratio: number; utilization: number; raw: number } {
  let used = 0;
  let requested = 0;
  let n = 0;
  for (const [name, m] of metrics) {
    const r = requests.get(name);
    if (r === undefined) continue;
    used += m.value;
    requested += r;
    n++;
  }
  if (requested === 0) throw new CalculationError('no metrics returned matched known pods');
  const utilization = Math.trunc((used * 100) / requested);
  return { ratio: utilization / target, utilization, raw: Math.trunc(used / n) };
}

/** Upstream GetMetricUsageRatio: the mean per pod against the target mean. */
export function usageRatio(metrics: PodMetrics, target: number): { ratio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / target, usage };
}

function withoutIgnored(pods: Pod[], metrics: PodMetrics, resource: string, o: CalculatorOptions): { groups: Groups; metrics: PodMetrics } {
  if (pods.length === 0) throw new CalculationError('no pods returned by selector while calculating replica count');
  const groups = groupPods(pods, metrics, resource, o);
  const kept = new Map([...metrics].filter(([name]) => !groups.ignored.has(name) && !groups.unready.has(name)));
  if (kept.size === 0) throw new CalculationError('did not receive metrics for targeted pods (pods might be unready)');
  return { groups, metrics: kept };
}

/**
 * The second pass when pods were unready or missing: fill them in (0 on a scale-up, `fallback(name)` on a
 * scale-down) and recompute, keeping the current count when the change is within tolerance or would flip.
 */
function rebalance(current: number, ratio: number, g: Groups, metrics: PodMetrics, fallback: (name: string) => number, recompute: (m: PodMetrics) => number, o: CalculatorOptions): number {
  const scaleUpWithUnready = g.unready.size > 0 && ratio > 1;
  const filled = new Map(metrics);
  const fill = (name: string, value: number) => filled.set(name, { value, timestamp: 0, windowMs: 0 });
  if (ratio < 1) for (const name of g.missing) fill(name, fallback(name));
  else if (ratio > 1) for (const name of g.missing) fill(name, 0);
  if (scaleUpWithUnready) for (const name of g.unready) fill(name, 0);
  const newRatio = recompute(filled);
  if (Math.abs(1 - newRatio) <= o.tolerance || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return current;
  const proposed = Math.ceil(newRatio * filled.size);
  if ((newRatio < 1 && proposed > current) || (newRatio > 1 && proposed < current)) return current;
  return proposed;
}

/** A Utilization target (percent of request): upstream GetResourceReplicas. */
export function resourceReplicas(current: number, targetUtilization: number, resource: string, pods: Pod[], allMetrics: PodMetrics, o: CalculatorOptions, container?: string) {
  const { groups, metrics } = withoutIgnored(pods, allMetrics, resource, o);
  const requests = podRequests(pods, resource, container);
  const { ratio, utilization, raw } = utilizationRatio(metrics, requests, targetUtilization);
  const result = (replicas: number) => ({ replicas, utilization, raw });
  if (!(groups.unready.size > 0 && ratio > 1) && groups.missing.size === 0) {
    if (Math.abs(1 - ratio) <= o.tolerance) return result(current);
    return result(Math.ceil(ratio * groups.readyPodCount));
  }
  // On a scale-down a pod without metrics is taken to use its request, or the target if that is above 100%.
  const fallbackPercent = Math.max(100, targetUtilization);
  const fallback = (name: string) => Math.trunc((requests.get(name)! * fallbackPercent) / 100);
  return result(rebalance(current, ratio, groups, metrics, fallback, (m) => utilizationRatio(m, requests, targetUtilization).ratio, o));
}

/** An AverageValue target (milli-units per pod): upstream GetRawResourceReplicas / calcPlainMetricReplicas. */
export function averageValueReplicas(current: number, targetUsage: number, resource: string, pods: Pod[], allMetrics: PodMetrics, o: CalculatorOptions) {
  const { groups, metrics } = withoutIgnored(pods, allMetrics, resource, o);
  const { ratio, usage } = usageRatio(metrics, targetUsage);
  if (!(groups.unready.size > 0 && ratio > 1) && groups.missing.size === 0) {
    if (Math.abs(1 - ratio) <= o.tolerance) return { replicas: current, usage };
    return { replicas: Math.ceil(ratio * groups.readyPodCount), usage };
  }
  return { replicas: rebalance(current, ratio, groups, metrics, () => targetUsage, (m) => usageRatio(m, targetUsage).ratio, o), usage };
}
