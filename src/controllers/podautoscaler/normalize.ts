/**
 * From a metric's proposal to the replica count to set (upstream horizontal.go normalizeDesiredReplicas
 * and normalizeDesiredReplicasWithBehaviors): stabilization over recent recommendations, then the
 * min/max bounds and the rate limits — without spec.behavior, at most max(2×current, 4) up; with it, the
 * scaleUp/scaleDown policies over their periods, combined by selectPolicy. Each step says which
 * condition reason and message it leaves (AbleToScale, ScalingLimited).
 */
import type { HPAScalingRules, HorizontalPodAutoscalerBehavior } from 'kubernetes-types/autoscaling/v2';

export interface Recommendation {
  replicas: number;
  timestamp: number;
}

export interface ScaleEvent {
  change: number;
  timestamp: number;
  outdated: boolean;
}

export interface Verdict {
  replicas: number;
  reason: string;
  message: string;
}

export interface NormalizeInput {
  current: number;
  desired: number;
  min: number;
  max: number;
  now: number;
  /** This HPA's past recommendations; updated in place with this one. */
  recommendations: Recommendation[];
}

export interface Normalized {
  replicas: number;
  ableToScale: Omit<Verdict, 'replicas'>;
  /** `limited` is ScalingLimited's status: the bounds or rates changed the stabilized recommendation. */
  scalingLimited: Omit<Verdict, 'replicas'> & { limited: boolean };
}

const withinRange = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
const scaleUpLimit = { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' };
const scaleDownLimit = { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' };
const tooMany = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
const tooFew = { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
const readyForNewScale = { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
const scaleDownStabilized = { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
const scaleUpStabilized = { reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' };

/** Records `replicas` now, reusing the slot of a sample older than every window (upstream keeps the slice short). */
function record(recs: Recommendation[], replicas: number, now: number, oldIndex: number): void {
  if (oldIndex >= 0) recs[oldIndex] = { replicas, timestamp: now };
  else recs.push({ replicas, timestamp: now });
}

/** Without behavior: the highest recommendation of the downscale window (default 5 min). */
export function normalizeWithoutBehavior(input: NormalizeInput, downscaleWindowMs: number): Normalized {
  const cutoff = input.now - downscaleWindowMs;
  let stabilized = input.desired;
  let old = -1;
  input.recommendations.forEach((r, i) => {
    if (r.timestamp > cutoff) stabilized = Math.max(stabilized, r.replicas);
    else old = i;
  });
  record(input.recommendations, input.desired, input.now, old);
  const ableToScale = stabilized !== input.desired ? scaleDownStabilized : readyForNewScale;
  const upperLimit = Math.max(2 * input.current, 4);
  const upper = input.max > upperLimit ? { limit: upperLimit, ...scaleUpLimit } : { limit: input.max, ...tooMany };
  let verdict: Verdict = { replicas: stabilized, ...withinRange };
  if (stabilized < input.min) verdict = { replicas: input.min, ...tooFew };
  else if (stabilized > upper.limit) verdict = { replicas: upper.limit, reason: upper.reason, message: upper.message };
  return { replicas: verdict.replicas, ableToScale, scalingLimited: { limited: verdict.replicas !== stabilized, reason: verdict.reason, message: verdict.message } };
}

/** Replicas added (or removed) by the events of the last `periodSeconds`. */
function changeInPeriod(events: ScaleEvent[], periodSeconds: number, now: number): number {
  const cutoff = now - periodSeconds * 1000;
  return events.filter((e) => e.timestamp > cutoff).reduce((sum, e) => sum + e.change, 0);
}

export interface ScaleEvents {
  up: ScaleEvent[];
  down: ScaleEvent[];
}

/** Replicas at the start of a policy's period: what this period added taken away, what it removed put back. */
function periodStart(current: number, events: ScaleEvents, periodSeconds: number, now: number): number {
  return current - changeInPeriod(events.up, periodSeconds, now) + changeInPeriod(events.down, periodSeconds, now);
}

/** The most replicas scaleUp's policies allow now (upstream calculateScaleUpLimitWithScalingRules). */
export function scaleUpLimitWithRules(current: number, events: ScaleEvents, rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max;
  let result = rules.selectPolicy === 'Min' ? Infinity : -Infinity;
  for (const p of rules.policies ?? []) {
    const start = periodStart(current, events, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** The fewest replicas scaleDown's policies allow now (upstream calculateScaleDownLimitWithBehaviors). */
export function scaleDownLimitWithRules(current: number, events: ScaleEvents, rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pick = rules.selectPolicy === 'Min' ? Math.max : Math.min;
  let result = rules.selectPolicy === 'Min' ? -Infinity : Infinity;
  for (const p of rules.policies ?? []) {
    const start = periodStart(current, events, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** Upstream stabilizeRecommendationWithBehaviors: between the lowest of the up window and the highest of the down window. */
function stabilizeWithBehavior(input: NormalizeInput, behavior: Required<HorizontalPodAutoscalerBehavior>): Verdict {
  const upCutoff = input.now - (behavior.scaleUp.stabilizationWindowSeconds ?? 0) * 1000;
  const downCutoff = input.now - (behavior.scaleDown.stabilizationWindowSeconds ?? 0) * 1000;
  let up = input.desired;
  let down = input.desired;
  let old = -1;
  input.recommendations.forEach((r, i) => {
    if (r.timestamp > upCutoff) up = Math.min(up, r.replicas);
    if (r.timestamp > downCutoff) down = Math.max(down, r.replicas);
    if (r.timestamp < upCutoff && r.timestamp < downCutoff) old = i;
  });
  const replicas = Math.min(Math.max(input.current, up), down);
  record(input.recommendations, input.desired, input.now, old);
  return { replicas, ...(input.desired >= input.current ? scaleUpStabilized : scaleDownStabilized) };
}

/** Upstream convertDesiredReplicasWithBehaviorRate. */
function limitRate(input: NormalizeInput, desired: number, behavior: Required<HorizontalPodAutoscalerBehavior>, events: ScaleEvents): Verdict {
  if (desired > input.current) {
    const limit = Math.max(scaleUpLimitWithRules(input.current, events, behavior.scaleUp, input.now), input.current);
    const bound = input.max > limit ? { at: limit, ...scaleUpLimit } : { at: input.max, ...tooMany };
    if (desired > bound.at) return { replicas: bound.at, reason: bound.reason, message: bound.message };
  } else if (desired < input.current) {
    const limit = Math.min(scaleDownLimitWithRules(input.current, events, behavior.scaleDown, input.now), input.current);
    const bound = input.min < limit ? { at: limit, ...scaleDownLimit } : { at: input.min, ...tooFew };
    if (desired < bound.at) return { replicas: bound.at, reason: bound.reason, message: bound.message };
  }
  return { replicas: desired, ...withinRange };
}

export function normalizeWithBehavior(input: NormalizeInput, behavior: Required<HorizontalPodAutoscalerBehavior>, events: ScaleEvents): Normalized {
  const stabilized = stabilizeWithBehavior(input, behavior);
  const ableToScale = stabilized.replicas !== input.desired ? { reason: stabilized.reason, message: stabilized.message } : readyForNewScale;
  const verdict = limitRate(input, stabilized.replicas, behavior, events);
  return { replicas: verdict.replicas, ableToScale, scalingLimited: { limited: verdict.replicas !== stabilized.replicas, reason: verdict.reason, message: verdict.message } };
}

/** spec.behavior with upstream's defaults filled in (GenerateHPAScaleUpRules / ScaleDownRules); the scale-down window defaults to the controller's. */
export function behaviorWithDefaults(b: HorizontalPodAutoscalerBehavior, downscaleWindowSeconds: number): Required<HorizontalPodAutoscalerBehavior> {
  const up = b.scaleUp ?? {};
  const down = b.scaleDown ?? {};
  return {
    scaleUp: {
      stabilizationWindowSeconds: up.stabilizationWindowSeconds ?? 0,
      selectPolicy: up.selectPolicy ?? 'Max',
      policies: up.policies ?? [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: {
      stabilizationWindowSeconds: down.stabilizationWindowSeconds ?? downscaleWindowSeconds,
      selectPolicy: down.selectPolicy ?? 'Max',
      policies: down.policies ?? [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  };
}

/**
 * Remembers a rescale for the rate limits (upstream storeScaleEvent): events older than the longest
 * policy period are outdated and their slots reused.
 */
export function storeScaleEvent(events: ScaleEvent[], change: number, rules: HPAScalingRules | undefined, now: number): void {
  const longest = Math.max(0, ...(rules?.policies ?? []).map((p) => p.periodSeconds)) * 1000;
  for (const e of events) if (e.timestamp < now - longest) e.outdated = true;
  const slot = events.findIndex((e) => e.outdated);
  const event = { change, timestamp: now, outdated: false };
  if (slot >= 0) events[slot] = event;
  else events.push(event);
}
