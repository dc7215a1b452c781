/** The HPA's status conditions (upstream horizontal.go setCondition): AbleToScale, ScalingActive, ScalingLimited. */
import type { HorizontalPodAutoscalerCondition } from 'kubernetes-types/autoscaling/v2';
import { rfc3339 } from '../../api/time';

export type ConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

/** Sets a condition in place; lastTransitionTime changes only when the status does. */
export function setCondition(conditions: HorizontalPodAutoscalerCondition[], type: ConditionType, status: boolean, reason: string, message: string, now: number): void {
  const value = status ? 'True' : 'False';
  const existing = conditions.find((c) => c.type === type);
  if (!existing) {
    conditions.push({ type, status: value, lastTransitionTime: rfc3339(now), reason, message });
    return;
  }
  const mutable = existing as { -readonly [K in keyof HorizontalPodAutoscalerCondition]: HorizontalPodAutoscalerCondition[K] };
  if (existing.status !== value) mutable.lastTransitionTime = rfc3339(now);
  mutable.status = value;
  mutable.reason = reason;
  mutable.message = message;
}
