/**
 * spec.backoffLimitPerIndex of Indexed Jobs (upstream indexed_job_utils.go): each index may fail that many
 * times; the count travels on the pods in `batch.kubernetes.io/job-index-failure-count` (and, for
 * failures a pod failure policy ignores, `…-ignored-failure-count`). An index past its limit (or hit by a
 * FailIndex rule) is failed for good and listed in status.failedIndexes. A failed pod's finalizer stays
 * until its replacement exists, so the count can be carried over; the replacement waits out the back-off
 * of its own index.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { backoffDelayMs } from './backoff';
import { completionIndexOf, hasIndex, type Intervals, parseIndexes, withIndexes } from './indexes';
import { matchPodFailurePolicy } from './pod-failure-policy';
import { finishedTime, hasTrackingFinalizer } from './pods';
import { isPodFailed, type SyncState } from './state';

export const failureCountAnnotation = 'batch.kubernetes.io/job-index-failure-count';
export const ignoredFailureCountAnnotation = 'batch.kubernetes.io/job-index-ignored-failure-count';

export const hasBackoffLimitPerIndex = (job: Job) => job.spec?.backoffLimitPerIndex !== undefined && job.spec?.backoffLimitPerIndex !== null;

function count(pod: Pod, annotation: string): number {
  const v = pod.metadata?.annotations?.[annotation];
  const n = v !== undefined && /^\d+$/.test(v) ? Number(v) : 0;
  return n <= 2147483647 ? n : 0;
}

const absoluteFailures = (pod: Pod) => count(pod, failureCountAnnotation) + count(pod, ignoredFailureCountAnnotation);

/** Whether this failed pod fails its index for good. */
function isIndexFailed(job: Job, pod: Pod): boolean {
  if (!isPodFailed(pod, job)) return false;
  const match = matchPodFailurePolicy(job.spec?.podFailurePolicy, pod);
  if (match.action === 'FailIndex') return true;
  return match.countFailed && count(pod, failureCountAnnotation) >= job.spec!.backoffLimitPerIndex!;
}

/** status.failedIndexes plus the indexes failed since (upstream calculateFailedIndexes). */
export function calculateFailedIndexes(job: Job, pods: Pod[]): Intervals {
  const completions = job.spec?.completions ?? 0;
  const prev = parseIndexes(job.status?.failedIndexes ?? '', completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = completionIndexOf(p.metadata?.annotations);
    if (ix >= 0 && ix < completions && hasTrackingFinalizer(p) && isIndexFailed(job, p)) fresh.add(ix);
  }
  return withIndexes(prev, [...fresh]);
}

/** Per index still to be retried, the newest failed pod, kept until its replacement is made. */
export function podsWithDelayedDeletion(s: SyncState, failed: Intervals): Map<number, Pod> {
  const completions = s.job.spec?.completions ?? 0;
  const activeIndexes = new Set(s.active.map((p) => completionIndexOf(p.metadata?.annotations)));
  const out = new Map<number, Pod>();
  for (const p of s.pods) {
    if (!hasTrackingFinalizer(p) || s.expectedRemovals.has(p.metadata?.uid ?? '') || !isPodFailed(p, s.job)) continue;
    const ix = completionIndexOf(p.metadata?.annotations);
    if (ix < 0 || ix >= completions || hasIndex(s.succeededIndexes, ix) || hasIndex(failed, ix) || activeIndexes.has(ix)) continue;
    const last = out.get(ix);
    if (!last || (absoluteFailures(last) <= absoluteFailures(p) && finishedTime(p) >= finishedTime(last))) out.set(ix, p);
  }
  return out;
}

/** The failure-count annotations of the pod replacing `replaced` (none replaced: zero). */
export function failureCountAnnotations(job: Job, replaced: Pod | undefined): Record<string, string> {
  if (!replaced) return { [failureCountAnnotation]: '0' };
  let failures = count(replaced, failureCountAnnotation);
  let ignored = count(replaced, ignoredFailureCountAnnotation);
  if (matchPodFailurePolicy(job.spec?.podFailurePolicy, replaced).countFailed) failures++;
  else ignored++;
  return { [failureCountAnnotation]: String(failures), ...(ignored > 0 ? { [ignoredFailureCountAnnotation]: String(ignored) } : {}) };
}

/** How long the index of `replaced` must still wait before its next pod (upstream getRemainingTimePerIndex). */
export function remainingPerIndexMs(replaced: Pod | undefined, now: number): number {
  if (!replaced) return 0;
  const delay = backoffDelayMs(absoluteFailures(replaced) + 1);
  const elapsed = now - finishedTime(replaced);
  return elapsed > delay ? 0 : delay - elapsed;
}
