/**
 * The replica count the metrics of an HPA ask for (upstream horizontal.go computeReplicasForMetrics): the
 * highest proposal of its metrics; an error, with the first failing metric's condition, when every
 * metric failed or some failed and the rest would scale down. Only Resource and ContainerResource metrics
 * have a source here: the custom and external metrics APIs are not served.
 */
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, MetricSpec, MetricStatus, MetricValueStatus } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { milli } from '../../api/quantity';
import { formatMilli } from '../../api/quantity-format';
import type { Client } from '../../client/interface';
import { resourceMetric } from './metrics-client';
import { averageValueReplicas, type CalculatorOptions, resourceReplicas } from './replica-calculator';

export interface MetricInputs {
  client: Client;
  namespace: string;
  selector: string;
  pods: Pod[];
  /** The target's spec.replicas. */
  specReplicas: number;
  calculator: CalculatorOptions;
  /** Records a Warning event on the HPA. */
  warn(reason: string, message: string): void;
}

export interface Proposal {
  replicas: number;
  /** How the rescale reason names the metric, e.g. "cpu resource utilization (percentage of request)". */
  metricName: string;
  status: MetricStatus;
}

type Condition = Pick<HorizontalPodAutoscalerCondition, 'type' | 'status' | 'reason' | 'message'>;

class MetricError extends Error {
  constructor(
    message: string,
    readonly condition: Condition,
  ) {
    super(message);
  }
}

/** Upstream getUnableComputeReplicaCountCondition: a Warning event and a ScalingActive=False condition; `context` prefixes the error reported for the metric. */
function unableToCompute(inputs: MetricInputs, reason: string, err: string, context: string): MetricError {
  inputs.warn(reason, err);
  return new MetricError(`${context}: ${err}`, { type: 'ScalingActive', status: 'False', reason, message: `the HPA was unable to compute the replica count: ${err}` });
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The status of a Resource or ContainerResource metric with `current` filled in. */
function metricStatus(spec: MetricSpec, current: MetricValueStatus): MetricStatus {
  if (spec.type === 'ContainerResource') return { type: 'ContainerResource', containerResource: { name: spec.containerResource!.name, container: spec.containerResource!.container, current } };
  return { type: 'Resource', resource: { name: spec.resource!.name, current } };
}

/** Resource and ContainerResource metrics (upstream computeStatusForResourceMetric / ContainerResourceMetric). */
async function resourceProposal(spec: MetricSpec, inputs: MetricInputs): Promise<Proposal> {
  const source = spec.type === 'ContainerResource' ? spec.containerResource! : spec.resource!;
  const container = spec.type === 'ContainerResource' ? spec.containerResource!.container : undefined;
  const { name, target } = source;
  const reason = container === undefined ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
  const context = container === undefined ? `failed to get ${name} resource metric value` : `failed to get ${container} container metric value`;
  if (target.averageUtilization === undefined && target.averageValue === undefined) {
    throw unableToCompute(inputs, reason, 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set', context);
  }
  const usage = target.averageUtilization !== undefined ? 'utilization' : 'usage';
  try {
    let metrics;
    try {
      metrics = await resourceMetric(inputs.client, name, inputs.namespace, inputs.selector, container);
    } catch (err) {
      throw new Error(`unable to get metrics for resource ${name}: ${message(err)}`, { cause: err });
    }
    if (target.averageUtilization !== undefined) {
      const r = resourceReplicas(inputs.specReplicas, target.averageUtilization, name, inputs.pods, metrics, inputs.calculator, container);
      const metricName = `${name} ${container === undefined ? '' : 'container '}resource utilization (percentage of request)`;
      return { replicas: r.replicas, metricName, status: metricStatus(spec, { averageValue: formatMilli(r.raw), averageUtilization: r.utilization }) };
    }
    const r = averageValueReplicas(inputs.specReplicas, milli(String(target.averageValue)), name, inputs.pods, metrics, inputs.calculator);
    return { replicas: r.replicas, metricName: `${name} resource`, status: metricStatus(spec, { averageValue: formatMilli(r.usage) }) };
  } catch (err) {
    throw unableToCompute(inputs, reason, `failed to get ${name} ${usage}: ${message(err)}`, context);
  }
}

export interface Computed {
  replicas: number;
  metricName: string;
  statuses: MetricStatus[];
}

/** Throws with `condition` and `statuses` when the metrics do not allow a decision. */
export class ComputeError extends Error {
  constructor(
    message: string,
    readonly condition: Condition,
    readonly statuses: MetricStatus[],
  ) {
    super(message);
  }
}

export async function computeReplicasForMetrics(hpa: HorizontalPodAutoscaler, inputs: MetricInputs): Promise<Computed> {
  const specs = hpa.spec?.metrics ?? [];
  // A metric that failed leaves an empty status in its slot, as upstream's zero-value MetricStatus.
  const statuses: MetricStatus[] = specs.map(() => ({ type: '' }));
  let best: Proposal | undefined;
  let invalid = 0;
  let first: MetricError | undefined;
  for (const [i, spec] of specs.entries()) {
    try {
      if (spec.type !== 'Resource' && spec.type !== 'ContainerResource') throw unableToCompute(inputs, `FailedGet${spec.type}Metric`, `unable to get metric of type ${spec.type}: the server could not find the requested resource`, `failed to get ${spec.type.toLowerCase()} metric value`);
      const p = await resourceProposal(spec, inputs);
      statuses[i] = p.status;
      if (!best || p.replicas > best.replicas) best = p;
    } catch (err) {
      if (!(err instanceof MetricError)) throw err;
      first ??= err;
      invalid++;
    }
  }
  if (first && (invalid >= specs.length || (best?.replicas ?? 0) < inputs.specReplicas)) {
    throw new ComputeError(`invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${first.message}`, first.condition, statuses);
  }
  return { replicas: best!.replicas, metricName: best!.metricName, statuses };
}
