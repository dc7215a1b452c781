/**
 * One reconcile of one HPA (upstream horizontal.go reconcileAutoscaler): read the target's scale, decide
 * the desired replicas (bounds, metrics, stabilization, rate limits), write the scale when it changes,
 * and write status only when it changed.
 */
import { isDeepStrictEqual } from 'node:util';
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, HorizontalPodAutoscalerStatus, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { rfc3339 } from '../../api/time';
import type { Client, KubeObject, ResourceRef } from '../../client/interface';
import { computeReplicasForMetrics, ComputeError } from './compute';
import { type ConditionType, setCondition } from './conditions';
import { behaviorWithDefaults, normalizeWithBehavior, normalizeWithoutBehavior, type Recommendation, type ScaleEvent, storeScaleEvent } from './normalize';
import type { CalculatorOptions } from './replica-calculator';
import type { ScaleTargets } from './scale-target';

const hpaStatusRef = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' };

export interface AutoscalerState {
  /** The target's selector as last parsed (for AmbiguousSelector between HPAs). */
  selector?: string;
  recommendations: Recommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

export interface ReconcileDeps {
  client: Client;
  targets: ScaleTargets;
  now: number;
  pods(namespace: string, selector: string): Pod[];
  /** Keys (namespace/name) of the HPAs whose last-known selector matches any of `pods`. */
  hpasSelecting(namespace: string, pods: Pod[]): string[];
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
  calculator: CalculatorOptions;
  downscaleStabilizationMs: number;
}

interface Scale extends KubeObject {
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The HPA being reconciled, with a status this reconcile rewrites. */
class Working {
  readonly original: HorizontalPodAutoscalerStatus | undefined;
  readonly conditions: HorizontalPodAutoscalerCondition[];
  status: Mutable<HorizontalPodAutoscalerStatus>;

  constructor(
    readonly hpa: HorizontalPodAutoscaler,
    private readonly deps: ReconcileDeps,
  ) {
    this.original = structuredClone(hpa.status);
    this.conditions = [...(hpa.status?.conditions ?? [])].map((c) => ({ ...c }));
    this.status = { ...(hpa.status ?? { desiredReplicas: 0 }), conditions: this.conditions };
  }

  condition(type: ConditionType, ok: boolean, reason: string, message: string): void {
    setCondition(this.conditions, type, ok, reason, message, this.deps.now);
  }

  /** Upstream setStatus: lastScaleTime moves only on a rescale; desiredReplicas kept when undefined. */
  setStatus(current: number, desired: number | undefined, metrics: MetricStatus[] | undefined, rescaled: boolean): void {
    const s: Mutable<HorizontalPodAutoscalerStatus> = { currentReplicas: current, desiredReplicas: desired ?? this.status.desiredReplicas ?? 0 };
    if (metrics && metrics.length > 0) s.currentMetrics = metrics;
    const last = rescaled ? rfc3339(this.deps.now) : this.status.lastScaleTime;
    if (last) s.lastScaleTime = last;
    if (this.conditions.length > 0) s.conditions = this.conditions;
    this.status = s;
  }

  async writeStatusIfNeeded(): Promise<void> {
    if (isDeepStrictEqual(this.original, this.status)) return;
    const obj = { ...this.hpa, status: this.status } as unknown as KubeObject;
    await this.deps.client.update(hpaStatusRef, this.hpa.metadata!.namespace, obj, { subresource: 'status' });
  }
}

async function getScale(w: Working, deps: ReconcileDeps): Promise<{ ref: ResourceRef; scale: Scale }> {
  const target = w.hpa.spec!.scaleTargetRef;
  try {
    const ref = await deps.targets.resolve(target.apiVersion, target.kind);
    const scale = await deps.client.get<Scale>(ref, w.hpa.metadata!.namespace, target.name, { subresource: 'scale' });
    return { ref, scale };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    deps.event('Warning', 'FailedGetScale', msg);
    w.condition('AbleToScale', false, 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${msg}`);
    await w.writeStatusIfNeeded();
    throw err;
  }
}

interface Decision {
  desired: number;
  reason: string;
  metrics?: MetricStatus[];
}

/**
 * Upstream validateAndParseSelector: the target's scale must have a selector that parses, and its pods
 * may be autoscaled by this HPA only.
 */
function podsBySelector(w: Working, deps: ReconcileDeps, state: AutoscalerState, selector: string): Pod[] {
  const invalid = (event: string, errMsg: string, reason: string, condition: string) => {
    deps.event('Warning', event, errMsg);
    w.condition('ScalingActive', false, reason, condition);
    return new ComputeError(errMsg, { type: 'ScalingActive', status: 'False', reason, message: '' }, []);
  };
  if (selector === '') throw invalid('SelectorRequired', 'selector is required', 'InvalidSelector', "the HPA target's scale is missing a selector");
  const namespace = w.hpa.metadata!.namespace!;
  let pods: Pod[];
  try {
    pods = deps.pods(namespace, selector);
  } catch (err) {
    const msg = `couldn't convert selector into a corresponding internal selector object: ${err instanceof Error ? err.message : String(err)}`;
    throw invalid('InvalidSelector', msg, 'InvalidSelector', msg);
  }
  state.selector = selector;
  const selecting = deps.hpasSelecting(namespace, pods);
  if (selecting.length > 1) {
    const msg = `pods by selector ${selector} are controlled by multiple HPAs: [${selecting.join(' ')}]`;
    throw invalid('AmbiguousSelector', msg, 'AmbiguousSelector', msg);
  }
  return pods;
}

/** Bounds first, then metrics (upstream's three branches); undefined desired: scaling disabled. */
async function decide(w: Working, deps: ReconcileDeps, state: AutoscalerState, current: number, scale: Scale): Promise<Decision> {
  const spec = w.hpa.spec!;
  const min = spec.minReplicas ?? 1;
  if (current === 0 && min !== 0) {
    w.condition('ScalingActive', false, 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    return { desired: 0, reason: '' };
  }
  if (current > spec.maxReplicas) return { desired: spec.maxReplicas, reason: 'Current number of replicas above Spec.MaxReplicas' };
  if (current < min) return { desired: min, reason: 'Current number of replicas below Spec.MinReplicas' };
  const selector = scale.status?.selector ?? '';
  const ns = w.hpa.metadata!.namespace!;
  const computed = await computeReplicasForMetrics(w.hpa, {
    client: deps.client,
    namespace: ns,
    selector,
    pods: podsBySelector(w, deps, state, selector),
    specReplicas: current,
    calculator: deps.calculator,
    warn: (reason, message) => deps.event('Warning', reason, message),
  });
  w.condition('ScalingActive', true, 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${computed.metricName}`);
  const reason = computed.replicas > current ? `${computed.metricName} above target` : computed.replicas < current ? 'All metrics below target' : '';
  const input = { current, desired: computed.replicas, min, max: spec.maxReplicas, now: deps.now, recommendations: state.recommendations };
  const n = spec.behavior
    ? normalizeWithBehavior(input, behaviorWithDefaults(spec.behavior, deps.downscaleStabilizationMs / 1000), { up: state.scaleUpEvents, down: state.scaleDownEvents })
    : normalizeWithoutBehavior(input, deps.downscaleStabilizationMs);
  w.condition('AbleToScale', true, n.ableToScale.reason, n.ableToScale.message);
  w.condition('ScalingLimited', n.scalingLimited.limited, n.scalingLimited.reason, n.scalingLimited.message);
  return { desired: n.replicas, reason, metrics: computed.statuses };
}

async function rescale(w: Working, deps: ReconcileDeps, target: { ref: ResourceRef; scale: Scale }, decision: Decision, current: number): Promise<void> {
  const { desired, reason } = decision;
  try {
    const scale = { ...target.scale, spec: { ...target.scale.spec, replicas: desired } };
    await deps.client.update(target.ref, w.hpa.metadata!.namespace, scale, { subresource: 'scale' });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    deps.event('Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${msg}`);
    w.condition('AbleToScale', false, 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${msg}`);
    w.setStatus(current, undefined, decision.metrics, false);
    await w.writeStatusIfNeeded();
    throw err;
  }
  w.condition('AbleToScale', true, 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
  deps.event('Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
}

export async function reconcileAutoscaler(hpa: HorizontalPodAutoscaler, state: AutoscalerState, deps: ReconcileDeps): Promise<void> {
  const w = new Working(hpa, deps);
  const target = await getScale(w, deps);
  w.condition('AbleToScale', true, 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
  const current = target.scale.spec?.replicas ?? 0;
  if (state.recommendations.length === 0) state.recommendations.push({ replicas: current, timestamp: deps.now });
  let decision: Decision;
  try {
    decision = await decide(w, deps, state, current, target.scale);
  } catch (err) {
    if (!(err instanceof ComputeError)) throw err;
    if (err.condition.message) w.condition(err.condition.type as ConditionType, false, err.condition.reason!, err.condition.message);
    w.setStatus(current, undefined, err.statuses, false);
    await w.writeStatusIfNeeded();
    deps.event('Warning', 'FailedComputeMetricsReplicas', err.message);
    const t = hpa.spec!.scaleTargetRef;
    throw new Error(`failed to compute desired number of replicas based on listed metrics for ${t.kind}/${hpa.metadata!.namespace}/${t.name}: ${err.message}`, { cause: err });
  }
  const rescaled = decision.desired !== current;
  if (rescaled) {
    await rescale(w, deps, target, decision, current);
    const change = Math.abs(decision.desired - current);
    const behavior = hpa.spec!.behavior;
    if (behavior) {
      const up = decision.desired > current;
      storeScaleEvent(up ? state.scaleUpEvents : state.scaleDownEvents, change, up ? behavior.scaleUp : behavior.scaleDown, deps.now);
    }
  }
  w.setStatus(current, decision.desired, decision.metrics, rescaled);
  await w.writeStatusIfNeeded();
}
