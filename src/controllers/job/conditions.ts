/** Job conditions (upstream newCondition / ensureJobConditionStatus / IsJobFinished). */
import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import { rfc3339 } from '../../api/time';

export function newCondition(type: string, status: string, reason: string, message: string, now: number): JobCondition {
  const t = rfc3339(now);
  return { type, status, reason, message, lastProbeTime: t, lastTransitionTime: t };
}

export function findCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type);
}

export const conditionTrue = (job: Job, type: string) => findCondition(job, type)?.status === 'True';

/** Complete or Failed: a finished Job is never synced again. */
export const isJobFinished = (job: Job) => conditionTrue(job, 'Complete') || conditionTrue(job, 'Failed');

/**
 * Sets a condition of `type` to the given status, reason and message: replaces one that differs, appends
 * one that is missing unless it would be False. Returns whether anything changed.
 */
export function ensureCondition(job: Job, type: string, status: string, reason: string, message: string, now: number): boolean {
  const list = ((job.status ??= {}).conditions ??= []);
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i]!;
    if (c.status === status && c.reason === reason && c.message === message) return false;
    list[i] = newCondition(type, status, reason, message, now);
    return true;
  }
  if (status === 'False') return false;
  list.push(newCondition(type, status, reason, message, now));
  return true;
}
