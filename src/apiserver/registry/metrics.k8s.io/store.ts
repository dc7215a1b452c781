/**
 * metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics (as metrics-server serves them): answered from a
 * MetricsSource on every get and list, never stored; label and field (metadata.name) selectors apply,
 * paging and watch do not. Not-found errors name `nodemetrics`/`podmetrics` (and a pod by namespace/name),
 * as metrics-server's do.
 */
import { metricsResources, type MetricsSource, type NodeMetricsSample, type PodMetricsSample } from '../../../api/metrics';
import { parseQuantity } from '../../../api/quantity';
import { formatBinary, formatDecimal } from '../../../api/quantity-format';
import { rfc3339 } from '../../../api/time';
import { errors } from '../../errors';
import { GenericStore, type StoreOptions } from '../generic/store';
import type { ListParams, ListResult } from '../generic/list';
import { selectionPredicate } from '../generic/selection';
import type { KubeObject, Strategy } from '../generic/strategy';
import type { Registry } from '../registry';

type Sample = NodeMetricsSample | PodMetricsSample;

function usageOf(s: Sample): Record<string, string> {
  if ('usage' in s) return s.usage;
  let cpu = 0;
  let memory = 0;
  for (const c of s.containers) {
    cpu += parseQuantity(c.usage.cpu ?? '0');
    memory += parseQuantity(c.usage.memory ?? '0');
  }
  return { cpu: formatDecimal(cpu * 1e9, -9), memory: formatBinary(memory) };
}

/** metrics-server's table: Name, one quantity column per resource (cpu, memory), Window. */
const metricsStrategy: Strategy = {
  validate: () => [],
  columns: [
    { name: 'Name', type: 'string', format: 'name', description: 'Name of the resource' },
    { name: 'cpu', type: 'string', format: 'quantity', description: '' },
    { name: 'memory', type: 'string', format: 'quantity', description: '' },
    { name: 'Window', type: 'string', format: 'duration', description: '' },
  ],
  row(obj) {
    const usage = usageOf(obj as unknown as Sample);
    return [obj.metadata.name, usage.cpu ?? '', usage.memory ?? '', obj.window ?? ''];
  },
};

interface MetricsStoreOptions extends StoreOptions {
  samples(namespace: string | undefined): Sample[];
  /** The resource a not-found error names (metrics-server's `nodemetrics`, `podmetrics`). */
  notFoundAs: string;
  now(): number;
}

class MetricsStore extends GenericStore {
  private readonly samples: MetricsStoreOptions['samples'];
  private readonly notFoundAs: string;
  private readonly now: () => number;

  constructor(options: MetricsStoreOptions) {
    super(options);
    this.samples = options.samples;
    this.notFoundAs = options.notFoundAs;
    this.now = options.now;
  }

  private objects(namespace: string | undefined): KubeObject[] {
    const created = rfc3339(this.now());
    return this.samples(namespace).map((s) => ({ ...s, metadata: { ...s.metadata, creationTimestamp: created } }) as unknown as KubeObject);
  }

  override async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    const found = this.objects(namespace).find((o) => o.metadata.name === name);
    // metrics-server names a pod's missing metrics by namespace/name.
    if (!found) throw errors.notFound({ group: this.info.group, resource: this.notFoundAs }, namespace ? `${namespace}/${name}` : name);
    return found;
  }

  override async list(namespace: string | undefined, params: ListParams): Promise<ListResult> {
    const matches = selectionPredicate(this.strategy, params.labelSelector, params.fieldSelector);
    const items = this.objects(namespace).filter(matches);
    items.sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`));
    return { items, resourceVersion: '' };
  }

  override watch(): never {
    throw errors.methodNotSupported({ group: this.info.group, resource: this.info.resource }, 'watch');
  }
}

/** Serves metrics.k8s.io/v1beta1 from `source` (the wiring passes what the node side reports). */
export function registerMetricsApi(registry: Registry, source: MetricsSource, now: () => number = Date.now): void {
  const [nodes, pods] = metricsResources as [(typeof metricsResources)[number], (typeof metricsResources)[number]];
  registry.register(nodes, metricsStrategy, (o) => new MetricsStore({ ...o, samples: () => source.nodeMetrics(), notFoundAs: 'nodemetrics', now }));
  registry.register(pods, metricsStrategy, (o) => new MetricsStore({ ...o, samples: (ns) => source.podMetrics(ns), notFoundAs: 'podmetrics', now }));
}
