/**
 * The resource metrics API (metrics.k8s.io/v1beta1, as metrics-server serves it): NodeMetrics and
 * PodMetrics, read-only (get and list; no watch). The API server answers from a MetricsSource that the
 * node side provides; the wiring hands one to the other, so neither imports the other.
 * kubernetes-types carries no metrics.k8s.io types: these follow k8s.io/metrics/pkg/apis/metrics/v1beta1.
 */
import type { ResourceInfo } from './resources';

/** Usage by resource name ('cpu', 'memory'), as quantities ("12345678n", "10240Ki"). */
export type ResourceUsage = Record<string, string>;

interface MetricsMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
}

/** One sample of a node: when it was taken and over what window (e.g. "15s"). */
export interface NodeMetricsSample {
  metadata: MetricsMeta;
  /** RFC 3339 time of the sample. */
  timestamp: string;
  window: string;
  usage: ResourceUsage;
}

export interface ContainerMetrics {
  name: string;
  usage: ResourceUsage;
}

export interface PodMetricsSample {
  metadata: MetricsMeta & { namespace: string };
  timestamp: string;
  window: string;
  containers: ContainerMetrics[];
}

/**
 * Where resource usage comes from (metrics-server scrapes kubelets; skiff asks its node side directly).
 * Called on every get/list of the metrics API: must answer from memory, fast, without I/O.
 */
export interface MetricsSource {
  nodeMetrics(): NodeMetricsSample[];
  /** Pods of `namespace`, or of every namespace when undefined. */
  podMetrics(namespace?: string): PodMetricsSample[];
}

/** A source that has nothing (no node reports usage yet). */
export const emptyMetricsSource: MetricsSource = { nodeMetrics: () => [], podMetrics: () => [] };

/** The two resources of metrics.k8s.io/v1beta1, as metrics-server registers them. */
export const metricsResources: ResourceInfo[] = [
  { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes', singular: 'nodemetrics', kind: 'NodeMetrics', namespaced: false, verbs: ['get', 'list'] },
  { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', singular: 'podmetrics', kind: 'PodMetrics', namespaced: true, verbs: ['get', 'list'] },
];
