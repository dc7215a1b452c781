/**
 * One sync of a Job (upstream syncJob): counts its pods, decides whether it has failed (backoffLimit,
 * activeDeadlineSeconds, podFailurePolicy) or completed, otherwise creates or deletes pods toward
 * parallelism and completions, handles suspend, and writes the status through the tracking step.
 */
import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { rfc3339 } from '../../api/time';
import { nextBackoffRecord } from './backoff';
import { ensureCondition, findCondition, newCondition } from './conditions';
import { completionIndexOf, parseIndexes, totalIndexes, withIndexes } from './indexes';
import { deleteActivePods, manageJob } from './manage';
import { matchPodFailurePolicy } from './pod-failure-policy';
import { hasTrackingFinalizer, isActive, isReady, isTerminating } from './pods';
import { isIndexed, isPodFailed, type JobDeps, jobSuspended, type SyncState } from './state';
import { calculateFailedIndexes, hasBackoffLimitPerIndex, podsWithDelayedDeletion } from './per-index';
import { matchSuccessPolicy } from './success-policy';
import { trackStatusAndRemoveFinalizers } from './tracking';

const backoffLimitMessage = 'Job has reached the specified backoff limit';
const deadlineMessage = 'Job was active longer than specified deadline';

export async function reconcileJob(deps: JobDeps, key: string, cached: Job, pods: Pod[]): Promise<void> {
  const job = structuredClone(cached);
  const status = (job.status ??= {});
  status.uncountedTerminatedPods ??= {};
  const satisfied = deps.expectations.satisfied(key);
  const s = newState(deps, key, job, pods);
  if (!status.startTime && !jobSuspended(job)) status.startTime = rfc3339(deps.clock.now());
  s.finished = finishedCondition(deps, s);
  if (isIndexed(job)) {
    indexSucceeded(s);
    if (hasBackoffLimitPerIndex(job)) indexFailed(deps, s);
    const matched = s.finished ? undefined : matchSuccessPolicy(job.spec?.successPolicy, job.spec?.completions ?? 0, s.succeededIndexes);
    if (matched) s.finished = newCondition('SuccessCriteriaMet', 'True', 'SuccessPolicy', matched, deps.clock.now());
  }
  let active = s.active.length;
  let suspendChanged = false;
  let manageErr: unknown;
  if (s.finished) {
    const { deleted, deletedReady, error } = await deleteActivePods(deps, s);
    if (deleted !== active || !satisfied) s.finished = undefined; // pods or finalizers may still be on their way
    active -= deleted;
    s.terminating += deleted;
    s.ready -= deletedReady;
    manageErr = error;
  } else {
    const manage = satisfied && !job.metadata?.deletionTimestamp;
    if (manage) ({ active, error: manageErr } = await manageJob(deps, s).catch((error: unknown) => ({ active, error })));
    const completions = job.spec?.completions;
    const complete = completions === undefined || completions === null ? s.succeeded > 0 && active === 0 : s.succeeded >= completions && active === 0;
    if (complete) s.finished = newCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', deps.clock.now());
    else if (manage) suspendChanged = updateSuspended(deps, s);
  }
  const needsUpdate = suspendChanged || active !== (status.active ?? 0) || s.ready !== status.ready || s.terminating !== status.terminating;
  status.active = active;
  status.ready = s.ready;
  status.terminating = s.terminating;
  await trackStatusAndRemoveFinalizers(deps, s, needsUpdate);
  if (manageErr) throw manageErr;
}

function newState(deps: JobDeps, key: string, job: Job, pods: Pod[]): SyncState {
  const status = job.status!;
  const active = pods.filter(isActive);
  const s: SyncState = {
    key,
    job,
    pods,
    active,
    ready: active.filter(isReady).length,
    terminating: pods.filter(isTerminating).length,
    succeeded: 0,
    failed: 0,
    uncounted: { succeeded: new Set(status.uncountedTerminatedPods?.succeeded ?? []), failed: new Set(status.uncountedTerminatedPods?.failed ?? []) },
    expectedRemovals: deps.expectations.expectedRemovals(key),
    prevSucceededIndexes: [],
    succeededIndexes: [],
    newBackoff: { failuresAfterLastSuccess: 0 },
  };
  const newSucceeded = newlyFinished(s, s.uncounted.succeeded, (p) => p.status?.phase === 'Succeeded');
  const newFailed = newlyFinished(s, s.uncounted.failed, (p) => isPodFailed(p, job));
  const countedFailures = newFailed.filter((p) => matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed).length;
  s.succeeded = (status.succeeded ?? 0) + newSucceeded.length + s.uncounted.succeeded.size;
  s.failed = (status.failed ?? 0) + countedFailures + s.uncounted.failed.size;
  s.newBackoff = nextBackoffRecord(deps.backoff.get(key), newSucceeded, newFailed);
  return s;
}

/** Finished pods not yet counted: they still carry the tracking finalizer (upstream getNewFinishedPods). */
function newlyFinished(s: SyncState, uncounted: Set<string>, filter: (p: Pod) => boolean): Pod[] {
  const completions = s.job.spec?.completions ?? 0;
  return s.pods.filter((p) => {
    const uid = p.metadata?.uid ?? '';
    if (!hasTrackingFinalizer(p) || uncounted.has(uid) || s.expectedRemovals.has(uid)) return false;
    if (isIndexed(s.job)) {
      const ix = completionIndexOf(p.metadata?.annotations);
      if (ix < 0 || ix >= completions) return false;
    }
    return filter(p);
  });
}

/** The condition the Job is heading for, if it has failed (upstream: FailureTarget first, Failed after). */
function finishedCondition(deps: JobDeps, s: SyncState): JobCondition | undefined {
  const { job } = s;
  const now = deps.clock.now();
  const met = findCondition(job, 'SuccessCriteriaMet');
  if (met?.status === 'True') return met;
  const target = findCondition(job, 'FailureTarget');
  if (target?.status === 'True') return newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
  const failJob = job.spec?.podFailurePolicy
    ? s.pods.filter((p) => isPodFailed(p, job)).map((p) => matchPodFailurePolicy(job.spec!.podFailurePolicy, p).failJobMessage).find((m) => m !== undefined)
    : undefined;
  if (failJob) return newCondition('FailureTarget', 'True', 'PodFailurePolicy', failJob, now);
  if (s.failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, s.pods)) return newCondition('FailureTarget', 'True', 'BackoffLimitExceeded', backoffLimitMessage, now);
  const deadline = job.spec?.activeDeadlineSeconds;
  const start = job.status?.startTime;
  if (deadline === undefined || deadline === null || !start || jobSuspended(job)) return undefined;
  const left = Date.parse(start) + deadline * 1000 - now;
  if (left <= 0) return newCondition('FailureTarget', 'True', 'DeadlineExceeded', deadlineMessage, now);
  deps.requeueAfter(s.key, left);
  return undefined;
}

/** restartPolicy OnFailure: the container restarts of running pods count against backoffLimit. */
function pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const c of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]) restarts += c.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** Indexed Jobs count succeeded indexes, not pods (upstream calculateSucceededIndexes). */
function indexSucceeded(s: SyncState): void {
  const completions = s.job.spec?.completions ?? 0;
  s.prevSucceededIndexes = parseIndexes(s.job.status?.completedIndexes, completions);
  const fresh = new Set<number>();
  for (const p of s.pods) {
    const ix = completionIndexOf(p.metadata?.annotations);
    if (p.status?.phase === 'Succeeded' && ix >= 0 && ix < completions && hasTrackingFinalizer(p)) fresh.add(ix);
  }
  s.succeededIndexes = withIndexes(s.prevSucceededIndexes, [...fresh]);
  s.succeeded = s.succeededIndexes.reduce((n, [a, b]) => n + b - a + 1, 0);
}

/** backoffLimitPerIndex: failed indexes, and whether they fail the Job (upstream MaxFailedIndexesExceeded / FailedIndexes). */
function indexFailed(deps: JobDeps, s: SyncState): void {
  const { job } = s;
  s.failedIndexes = calculateFailedIndexes(job, s.pods);
  const failed = totalIndexes(s.failedIndexes);
  const max = job.spec?.maxFailedIndexes;
  if (!s.finished && max !== undefined && max !== null && failed > max)
    s.finished = newCondition('FailureTarget', 'True', 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes', deps.clock.now());
  else if (!s.finished && failed > 0 && failed + totalIndexes(s.succeededIndexes) >= (job.spec?.completions ?? 0))
    s.finished = newCondition('FailureTarget', 'True', 'FailedIndexes', 'Job has failed indexes', deps.clock.now());
  s.delayed = podsWithDelayedDeletion(s, s.failedIndexes);
}

/** The Suspended condition and its events; resuming restarts the activeDeadlineSeconds clock. */
function updateSuspended(deps: JobDeps, s: SyncState): boolean {
  const now = deps.clock.now();
  if (jobSuspended(s.job)) {
    if (!ensureCondition(s.job, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)) return false;
    void deps.recorder.event(s.job as never, 'Normal', 'Suspended', 'Job suspended');
    return true;
  }
  if (!ensureCondition(s.job, 'Suspended', 'False', 'JobResumed', 'Job resumed', now)) return false;
  void deps.recorder.event(s.job as never, 'Normal', 'Resumed', 'Job resumed');
  s.job.status!.startTime = rfc3339(now);
  return true;
}
