/**
 * autoscaling/v1 HorizontalPodAutoscalers: stored as autoscaling/v2 (as upstream) and converted. v1 knows
 * only a CPU utilization target; as upstream, the v2 fields v1 cannot hold (other metrics, behavior,
 * conditions) travel in `autoscaling.alpha.kubernetes.io/*` annotations, so a v1 round trip loses nothing.
 */
import type { ResourceInfo } from '../../../../api/resources';
import type { StorageConversion } from '../../generic/store';
import type { KubeObject } from '../../generic/strategy';

const metricsAnnotation = 'autoscaling.alpha.kubernetes.io/metrics';
const currentMetricsAnnotation = 'autoscaling.alpha.kubernetes.io/current-metrics';
const behaviorAnnotation = 'autoscaling.alpha.kubernetes.io/behavior';
const conditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions';

type Any = Record<string, any>;

const isCpuUtilization = (m: Any) => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization';
const isCpuCurrent = (m: Any) => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.current?.averageUtilization !== undefined;

function parse(annotations: Any, key: string): unknown {
  const raw = annotations[key];
  delete annotations[key];
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** autoscaling/v2 (storage) → autoscaling/v1. */
export function hpaToV1(obj: KubeObject): KubeObject {
  const v2 = obj as Any;
  const annotations: Any = { ...(v2.metadata.annotations ?? {}) };
  const metrics: Any[] = v2.spec?.metrics ?? [];
  const others = metrics.filter((m) => !isCpuUtilization(m));
  if (others.length) annotations[metricsAnnotation] = JSON.stringify(others);
  if (v2.spec?.behavior) annotations[behaviorAnnotation] = JSON.stringify(v2.spec.behavior);
  const current: Any[] = v2.status?.currentMetrics ?? [];
  const otherCurrent = current.filter((m) => !isCpuCurrent(m));
  if (otherCurrent.length) annotations[currentMetricsAnnotation] = JSON.stringify(otherCurrent);
  if (v2.status?.conditions?.length) annotations[conditionsAnnotation] = JSON.stringify(v2.status.conditions);
  const spec: Any = { scaleTargetRef: v2.spec?.scaleTargetRef, minReplicas: v2.spec?.minReplicas, maxReplicas: v2.spec?.maxReplicas };
  const cpu = metrics.find(isCpuUtilization);
  if (cpu) spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
  const out: Any = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { ...v2.metadata, annotations }, spec };
  if (Object.keys(annotations).length === 0) delete out.metadata.annotations;
  if (v2.status) {
    const s = v2.status;
    const cur = current.find(isCpuCurrent);
    out.status = { observedGeneration: s.observedGeneration, lastScaleTime: s.lastScaleTime, currentReplicas: s.currentReplicas ?? 0, desiredReplicas: s.desiredReplicas ?? 0 };
    if (cur) out.status.currentCPUUtilizationPercentage = cur.resource.current.averageUtilization;
  }
  return out as KubeObject;
}

/** autoscaling/v1 → autoscaling/v2 (storage). */
export function hpaToV2(obj: KubeObject): KubeObject {
  const v1 = obj as Any;
  const annotations: Any = { ...(v1.metadata?.annotations ?? {}) };
  const others = (parse(annotations, metricsAnnotation) as Any[] | undefined) ?? [];
  const behavior = parse(annotations, behaviorAnnotation);
  const otherCurrent = (parse(annotations, currentMetricsAnnotation) as Any[] | undefined) ?? [];
  const conditions = parse(annotations, conditionsAnnotation);
  const metrics: Any[] = [];
  if (v1.spec?.targetCPUUtilizationPercentage !== undefined)
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: v1.spec.targetCPUUtilizationPercentage } } });
  metrics.push(...others);
  const spec: Any = { scaleTargetRef: v1.spec?.scaleTargetRef, minReplicas: v1.spec?.minReplicas, maxReplicas: v1.spec?.maxReplicas };
  if (metrics.length) spec.metrics = metrics;
  if (behavior) spec.behavior = behavior;
  const out: Any = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { ...(v1.metadata ?? {}), annotations }, spec };
  if (Object.keys(annotations).length === 0) delete out.metadata.annotations;
  if (v1.status) {
    const s = v1.status;
    const current: Any[] = [];
    if (s.currentCPUUtilizationPercentage !== undefined) current.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: s.currentCPUUtilizationPercentage } } });
    current.push(...otherCurrent);
    out.status = { observedGeneration: s.observedGeneration, lastScaleTime: s.lastScaleTime, currentReplicas: s.currentReplicas, desiredReplicas: s.desiredReplicas };
    if (current.length) out.status.currentMetrics = current;
    if (conditions) out.status.conditions = conditions;
  }
  for (const k of Object.keys(out.status ?? {})) if (out.status[k] === undefined) delete out.status[k];
  return out as KubeObject;
}

export function hpaV1Conversion(v2: ResourceInfo): StorageConversion {
  return { storedAs: v2, toStorage: hpaToV2, fromStorage: hpaToV1 };
}
