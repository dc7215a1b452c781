/**
 * The arithmetic of a PodDisruptionBudget (upstream pkg/controller/disruption, pdbhelper): which pods it
 * selects, how many must stay healthy, which evicted pods still count as disrupted, and the status that
 * follows. No I/O: the controller feeds it pods and the expected scale.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import { selectorFromLabelSelector, selects } from '../../api/label-selector';
import { rfc3339 } from '../../api/time';

/** Upstream DeletionTimeout: an eviction the pod has not followed within this is forgotten. */
export const deletionTimeoutMs = 2 * 60 * 1000;

export function podsForBudget(pdb: PodDisruptionBudget, pods: Pod[]): Pod[] {
  const selector = selectorFromLabelSelector(pdb.spec?.selector);
  return pods.filter((p) => p.metadata?.namespace === pdb.metadata?.namespace && selects(selector, p.metadata?.labels));
}

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** intstr.GetScaledValueFromIntOrPercent: an int as is, "N%" of `total` rounded up or down. */
export function scaledValue(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const v = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(v) : Math.floor(v);
}

/** Whether the budget needs the pods' controllers' scale (percentages and maxUnavailable do). */
export function needsScale(pdb: PodDisruptionBudget): boolean {
  return pdb.spec?.maxUnavailable !== undefined || typeof pdb.spec?.minAvailable === 'string';
}

/** expectedPods and desiredHealthy (upstream getExpectedPodCount); `scale` is the controllers' replicas when needsScale. */
export function expectedCount(pdb: PodDisruptionBudget, pods: Pod[], scale: number): { expected: number; desiredHealthy: number } {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined) {
    const maxUnavailable = scaledValue(spec.maxUnavailable, scale, true);
    return { expected: scale, desiredHealthy: Math.max(0, scale - maxUnavailable) };
  }
  if (typeof spec.minAvailable === 'number') return { expected: pods.length, desiredHealthy: spec.minAvailable };
  if (typeof spec.minAvailable === 'string') return { expected: scale, desiredHealthy: scaledValue(spec.minAvailable, scale, true) };
  return { expected: 0, desiredHealthy: 0 };
}

/**
 * The evictions still pending (upstream buildDisruptedPodMap): a pod the eviction API recorded and that is
 * not yet being deleted counts as disrupted until DeletionTimeout; the earliest such expiry is when to look again.
 */
export function disruptedPods(pdb: PodDisruptionBudget, pods: Pod[], now: number): { disrupted: Record<string, string>; recheckAt?: number; expired: string[] } {
  const recorded = pdb.status?.disruptedPods ?? {};
  const disrupted: Record<string, string> = {};
  const expired: string[] = [];
  let recheckAt: number | undefined;
  for (const pod of pods) {
    const name = pod.metadata!.name!;
    if (pod.metadata?.deletionTimestamp || recorded[name] === undefined) continue;
    const expiry = Date.parse(recorded[name]) + deletionTimeoutMs;
    if (expiry < now) {
      expired.push(name);
      continue;
    }
    if (recheckAt === undefined || expiry < recheckAt) recheckAt = expiry;
    disrupted[name] = recorded[name];
  }
  return { disrupted, recheckAt, expired };
}

/** Ready pods not being deleted and not just evicted (upstream countHealthyPods). */
export function countHealthy(pods: Pod[], disrupted: Record<string, string>, now: number): number {
  return pods.filter((p) => {
    if (p.metadata?.deletionTimestamp) return false;
    const at = disrupted[p.metadata!.name!];
    if (at !== undefined && Date.parse(at) + deletionTimeoutMs > now) return false;
    return isPodReady(p);
  }).length;
}

type Condition = NonNullable<PodDisruptionBudgetStatus['conditions']>[number];

/** meta.SetStatusCondition for DisruptionAllowed (pdbhelper.UpdateDisruptionAllowedCondition). */
export function withDisruptionAllowed(status: PodDisruptionBudgetStatus, now: number, failure?: string): Condition[] {
  const allowed = !failure && status.disruptionsAllowed > 0;
  const want = { type: 'DisruptionAllowed', status: allowed ? 'True' : 'False', reason: failure ? 'SyncFailed' : allowed ? 'SufficientPods' : 'InsufficientPods', message: failure ?? '', observedGeneration: status.observedGeneration };
  const conditions = [...(status.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === 'DisruptionAllowed');
  const old = i >= 0 ? conditions[i] : undefined;
  const lastTransitionTime = old && old.status === want.status ? old.lastTransitionTime : rfc3339(now);
  const next = { ...want, lastTransitionTime } as Condition;
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
  return conditions;
}

export interface Observed {
  currentHealthy: number;
  desiredHealthy: number;
  expected: number;
  disrupted: Record<string, string>;
}

/** The status to write, or undefined when the stored one already says it (upstream updatePdbStatus). */
export function nextStatus(pdb: PodDisruptionBudget, o: Observed, now: number): PodDisruptionBudgetStatus | undefined {
  const allowed = o.expected <= 0 ? 0 : Math.max(0, o.currentHealthy - o.desiredHealthy);
  const generation = pdb.metadata?.generation ?? 0;
  const old = pdb.status;
  const status: PodDisruptionBudgetStatus = {
    currentHealthy: o.currentHealthy,
    desiredHealthy: o.desiredHealthy,
    expectedPods: o.expected,
    disruptionsAllowed: allowed,
    observedGeneration: generation,
    ...(Object.keys(o.disrupted).length ? { disruptedPods: o.disrupted } : {}),
    conditions: old?.conditions,
  };
  status.conditions = withDisruptionAllowed(status, now);
  if (old && JSON.stringify(canonical(old)) === JSON.stringify(canonical(status))) return undefined;
  return status;
}

/** Conditions compared without their transition times. */
function canonical(s: PodDisruptionBudgetStatus): unknown {
  const { currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed, observedGeneration } = s;
  const disrupted = Object.entries(s.disruptedPods ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const conditions = (s.conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message ?? '', c.observedGeneration ?? 0]);
  return [currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed, observedGeneration ?? 0, disrupted, conditions];
}
