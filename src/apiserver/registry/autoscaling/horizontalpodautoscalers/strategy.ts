/** HorizontalPodAutoscalers (autoscaling/v2; upstream printers.go formatHPAMetrics): REFERENCE, TARGETS, MINPODS, MAXPODS, REPLICAS. */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { printedStrategy } from '../../../table/printed';
import type { KubeObject } from '../../generic/strategy';

const hpa = (o: KubeObject) => o as unknown as HorizontalPodAutoscaler;
const q = (v: unknown) => (v === undefined || v === null ? '<unknown>' : String(v));

function metric(spec: MetricSpec, status: MetricStatus | undefined): string {
  const pct = (v: number | undefined) => (v === undefined ? undefined : `${v}%`);
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const s = spec.type === 'Resource' ? spec.resource! : spec.containerResource!;
      const cur = spec.type === 'Resource' ? status?.resource?.current : status?.containerResource?.current;
      if (s.target.averageValue !== undefined) return `${s.name}: ${q(cur?.averageValue)}/${s.target.averageValue}`;
      return `${s.name}: ${pct(cur?.averageUtilization) ?? '<unknown>'}/${pct(s.target.averageUtilization) ?? '<auto>'}`;
    }
    case 'Pods':
      return `${q(status?.pods?.current.averageValue)}/${spec.pods!.target.averageValue}`;
    case 'Object':
    case 'External': {
      const t = spec.type === 'Object' ? spec.object!.target : spec.external!.target;
      const cur = spec.type === 'Object' ? status?.object?.current : status?.external?.current;
      if (t.averageValue !== undefined) return `${q(cur?.averageValue)}/${t.averageValue} (avg)`;
      return `${q(cur?.value)}/${t.value}`;
    }
    default:
      return '<unknown type>';
  }
}

export function formatHPAMetrics(h: HorizontalPodAutoscaler): string {
  const specs = h.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const list = specs.map((s, i) => metric(s, h.status?.currentMetrics?.[i]));
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
}

export const horizontalPodAutoscalerStrategy = printedStrategy('autoscaling', 'horizontalpodautoscalers', {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Record<string, any>;
    spec.minReplicas ??= 1;
    if (!spec.metrics || spec.metrics.length === 0) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  },
  columns: [
    nameColumn,
    col('Reference', 'string', 0, 'scaleTargetRef points to the target resource to scale.'),
    col('Targets', 'string', 0, 'metrics contains the specifications for which to use to calculate the desired replica count.'),
    col('MinPods', 'string', 0, 'minReplicas is the lower limit for the number of replicas.'),
    col('MaxPods', 'string', 0, 'maxReplicas is the upper limit for the number of replicas.'),
    col('Replicas', 'string', 0, 'currentReplicas is current number of replicas of pods managed by this autoscaler.'),
    ageColumn,
  ],
  row(obj, now) {
    const h = hpa(obj);
    const ref = h.spec?.scaleTargetRef;
    return [obj.metadata.name, `${ref?.kind ?? ''}/${ref?.name ?? ''}`, formatHPAMetrics(h), h.spec?.minReplicas !== undefined ? String(h.spec.minReplicas) : '<unset>', h.spec?.maxReplicas ?? 0, h.status?.currentReplicas ?? 0, age(obj.metadata.creationTimestamp, now)];
  },
});
