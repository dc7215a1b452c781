/**
 * Counting finished pods through the tracking finalizer (upstream trackJobStatusAndRemoveFinalizers):
 * a finished pod's UID goes into status.uncountedTerminatedPods, then its finalizer is removed, then it
 * moves into the succeeded/failed counters (or, for Indexed Jobs, into completedIndexes). The Job gets its
 * final condition only once nothing is uncounted and no pod is still terminating.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/interface';
import { ensureCondition, findCondition, newCondition } from './conditions';
import { completionIndexOf, formatIndexes, hasIndex, totalIndexes, withIndexes } from './indexes';
import { removeTrackingFinalizer } from './manage';
import { matchPodFailurePolicy } from './pod-failure-policy';
import { hasTrackingFinalizer } from './pods';
import { isIndexed, isPodFailed, type JobDeps, jobsRef, type SyncState } from './state';

/** Keeps status.uncountedTerminatedPods small (upstream MaxUncountedPods). */
const maxUncounted = 500;

export async function trackStatusAndRemoveFinalizers(deps: JobDeps, s: SyncState, needsUpdate: boolean): Promise<void> {
  const withFinalizer = new Set(s.pods.filter((p) => hasTrackingFinalizer(p) && !s.expectedRemovals.has(uid(p))).map(uid));
  let flush = countRemoved(s.job, withFinalizer) || needsUpdate;
  const { toRemove, newIndexes, reachedMax, changed } = collectFinished(s);
  flush ||= changed;
  if (isIndexed(s.job)) {
    s.succeededIndexes = withIndexes(s.succeededIndexes, newIndexes);
    const text = formatIndexes(s.succeededIndexes);
    if (text !== (s.job.status!.completedIndexes ?? '')) flush = true;
    s.job.status!.succeeded = totalIndexes(s.succeededIndexes);
    s.job.status!.completedIndexes = text;
    if (s.failedIndexes) {
      const failedText = formatIndexes(s.failedIndexes);
      if (failedText !== s.job.status!.failedIndexes) flush = true;
      s.job.status!.failedIndexes = failedText;
    }
  }
  flush = promoteInterimCondition(deps, s) || flush;
  if (flush) {
    s.job = await updateStatus(deps, s.job);
    deps.backoff.set(s.key, s.newBackoff);
    flush = false;
  }
  let removeError: unknown;
  if (toRemove.length > 0) {
    deps.expectations.expectFinalizersRemoved(s.key, toRemove.map(uid));
    const results = await Promise.allSettled(toRemove.map((p) => removeTrackingFinalizer(deps, p)));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') withFinalizer.delete(uid(toRemove[i]!));
      else {
        deps.expectations.finalizerRemovalObserved(s.key, uid(toRemove[i]!));
        removeError ??= r.reason;
      }
    });
  }
  flush = countRemoved(s.job, withFinalizer) || flush;
  const finished = !reachedMax && !removeError && enactFinished(deps, s);
  if (flush || finished) s.job = await updateStatus(deps, s.job);
  if (finished) recordFinished(deps, s);
  if (removeError) throw removeError;
}

const uid = (p: Pod) => p.metadata?.uid ?? '';

/** Moves uncounted UIDs whose pods no longer carry the finalizer into the counters. */
function countRemoved(job: Job, withFinalizer: Set<string>): boolean {
  const status = job.status!;
  const uncounted = (status.uncountedTerminatedPods ??= {});
  const keepSucceeded = (uncounted.succeeded ?? []).filter((u) => withFinalizer.has(u));
  const keepFailed = (uncounted.failed ?? []).filter((u) => withFinalizer.has(u));
  const movedSucceeded = (uncounted.succeeded ?? []).length - keepSucceeded.length;
  const movedFailed = (uncounted.failed ?? []).length - keepFailed.length;
  if (movedSucceeded === 0 && movedFailed === 0) return false;
  status.succeeded = (status.succeeded ?? 0) + movedSucceeded;
  status.failed = (status.failed ?? 0) + movedFailed;
  uncounted.succeeded = keepSucceeded.length ? keepSucceeded : undefined;
  uncounted.failed = keepFailed.length ? keepFailed : undefined;
  return true;
}

/** The pods whose finalizer may go now, recording them as uncounted (upstream canRemoveFinalizer and loop). */
function collectFinished(s: SyncState): { toRemove: Pod[]; newIndexes: number[]; reachedMax: boolean; changed: boolean } {
  const { job } = s;
  const uncounted = job.status!.uncountedTerminatedPods!;
  const completions = job.spec?.completions ?? 0;
  const failing = s.finished !== undefined && s.finished.type !== 'SuccessCriteriaMet';
  const out = { toRemove: [] as Pod[], newIndexes: [] as number[], reachedMax: false, changed: false };
  const pods = isIndexed(job) ? [...s.pods].sort((a, b) => completionIndexOf(a.metadata?.annotations) - completionIndexOf(b.metadata?.annotations)) : s.pods;
  for (const pod of pods) {
    if (!hasTrackingFinalizer(pod) || s.expectedRemovals.has(uid(pod))) continue;
    const failed = isPodFailed(pod, job);
    const succeeded = pod.status?.phase === 'Succeeded';
    if (!(job.metadata?.deletionTimestamp || s.finished || succeeded || failed)) continue;
    // backoffLimitPerIndex: the failed pod whose replacement is not made yet keeps its finalizer.
    if (!job.metadata?.deletionTimestamp && !s.finished && !succeeded && s.delayed?.get(completionIndexOf(pod.metadata?.annotations))?.metadata?.uid === uid(pod)) continue;
    out.toRemove.push(pod);
    const ix = completionIndexOf(pod.metadata?.annotations);
    const validIndex = !isIndexed(job) || (ix >= 0 && ix < completions);
    if (succeeded && !s.uncounted.failed.has(uid(pod))) {
      if (isIndexed(job)) {
        if (validIndex && !hasIndex(s.prevSucceededIndexes, ix)) out.newIndexes.push(ix), (out.changed = true);
      } else if (!s.uncounted.succeeded.has(uid(pod))) {
        (uncounted.succeeded ??= []).push(uid(pod));
        out.changed = true;
      }
    } else if ((failed || failing) && !s.uncounted.failed.has(uid(pod)) && validIndex) {
      // When the Job is failing, every pod not yet finished counts as failed.
      if (matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).countFailed) {
        (uncounted.failed ??= []).push(uid(pod));
        out.changed = true;
      }
    }
    if (out.newIndexes.length + (uncounted.succeeded?.length ?? 0) + (uncounted.failed?.length ?? 0) >= maxUncounted) {
      out.reachedMax = true;
      break;
    }
  }
  return out;
}

/**
 * Writes the interim FailureTarget or SuccessCriteriaMet condition now, before finalizers go, and turns
 * `s.finished` into the final Failed or Complete condition.
 */
function promoteInterimCondition(deps: JobDeps, s: SyncState): boolean {
  const c = s.finished;
  if (!c) return false;
  const now = deps.clock.now();
  if (c.type === 'FailureTarget') {
    s.job.status!.conditions = [...(s.job.status!.conditions ?? []), c];
    s.finished = newCondition('Failed', 'True', c.reason ?? '', c.message ?? '', now);
    return true;
  }
  if (c.type !== 'SuccessCriteriaMet') return false;
  const added = !findCondition(s.job, 'SuccessCriteriaMet');
  if (added) s.job.status!.conditions = [...(s.job.status!.conditions ?? []), c];
  s.finished = newCondition('Complete', 'True', c.reason ?? '', c.message ?? '', now);
  return added;
}

/** Sets Complete or Failed once every finished pod is counted and none is terminating (upstream enactJobFinished). */
function enactFinished(deps: JobDeps, s: SyncState): boolean {
  const c = s.finished;
  if (!c) return false;
  const uncounted = s.job.status!.uncountedTerminatedPods;
  if ((uncounted?.succeeded?.length ?? 0) + (uncounted?.failed?.length ?? 0) > 0) return false;
  if (s.terminating > 0) return false;
  ensureCondition(s.job, c.type, c.status, c.reason ?? '', c.message ?? '', deps.clock.now());
  if (c.type === 'Complete') s.job.status!.completionTime = findCondition(s.job, 'Complete')!.lastTransitionTime;
  return true;
}

function recordFinished(deps: JobDeps, s: SyncState): void {
  const c = s.finished!;
  const job = s.job as unknown as KubeObject;
  if (c.type !== 'Complete') return void deps.recorder.event(job, 'Warning', c.reason ?? '', c.message ?? '');
  const completions = s.job.spec?.completions;
  if (completions !== undefined && completions !== null && (s.job.status?.succeeded ?? 0) > completions)
    void deps.recorder.event(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
  void deps.recorder.event(job, 'Normal', 'Completed', 'Job completed');
}

/** Writes the status; zero counters and an empty completedIndexes are left out, as upstream's omitempty does. */
async function updateStatus(deps: JobDeps, job: Job): Promise<Job> {
  const status = job.status!;
  for (const f of ['active', 'succeeded', 'failed'] as const) if (status[f] === 0) delete status[f];
  if (status.completedIndexes === '') delete status.completedIndexes;
  const updated = await deps.client.update(jobsRef, job.metadata!.namespace, job as unknown as KubeObject, { subresource: 'status' });
  return updated as unknown as Job;
}
