/** What the Job controller reads off its pods (upstream pkg/controller helpers and job utils). */
import type { Pod } from 'kubernetes-types/core/v1';

/** The finalizer that keeps a Job's finished pods until the Job has counted them (upstream batch.JobTrackingFinalizer). */
export const trackingFinalizer = 'batch.kubernetes.io/job-tracking';

export const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Running or about to (upstream controller.FilterActivePods). */
export const isActive = (p: Pod) => !isTerminal(p) && !p.metadata?.deletionTimestamp;

/** Being deleted but not yet finished (upstream controller.CountTerminatingPods). */
export const isTerminating = (p: Pod) => !isTerminal(p) && !!p.metadata?.deletionTimestamp;

export const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

export const hasTrackingFinalizer = (p: Pod) => p.metadata?.finalizers?.includes(trackingFinalizer) ?? false;

/**
 * When a pod finished (upstream getFinishedTime): the last container to terminate, else the Ready=False
 * transition, else the deletion time less its grace period, else its creation.
 */
export function finishedTime(p: Pod): number {
  const statuses = p.status?.containerStatuses ?? [];
  const finished = statuses.map((s) => s.state?.terminated?.finishedAt);
  if (finished.length > 0 && finished.every((t) => !!t)) return Math.max(...finished.map((t) => Date.parse(t!)));
  const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime) return Date.parse(ready.lastTransitionTime);
  if (p.metadata?.deletionTimestamp) return Date.parse(p.metadata.deletionTimestamp) - (p.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return Date.parse(p.metadata?.creationTimestamp ?? '') || 0;
}

/**
 * The order in which surplus active pods are deleted (upstream controller.ActivePods): unscheduled before
 * scheduled, pending before running, not ready before ready, then the newest first.
 */
export function removalOrder(a: Pod, b: Pod): number {
  const scheduled = (p: Pod) => (p.spec?.nodeName ? 1 : 0);
  const phase = (p: Pod) => ({ Pending: 0, Unknown: 1, Running: 2 })[p.status?.phase ?? 'Pending'] ?? 0;
  const ready = (p: Pod) => (isReady(p) ? 1 : 0);
  const created = (p: Pod) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;
  return scheduled(a) - scheduled(b) || phase(a) - phase(b) || ready(a) - ready(b) || created(b) - created(a);
}
