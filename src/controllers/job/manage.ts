/**
 * Creating and deleting a Job's pods (upstream manageJob, deleteJobPods, deleteActivePods): toward
 * parallelism and the completions left, after the failure back-off, in slow-start batches; suspended
 * Jobs lose their active pods.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { EnvVar, Pod } from 'kubernetes-types/core/v1';
import { isNotFound, type KubeObject } from '../../client/interface';
import { remainingBackoffMs } from './backoff';
import { completionIndexAnnotation, completionIndexOf, firstPendingIndexes, withIndexes } from './indexes';
import { failureCountAnnotations, hasBackoffLimitPerIndex, remainingPerIndexMs } from './per-index';
import { isReady, isTerminating, removalOrder, trackingFinalizer } from './pods';
import { isIndexed, type JobDeps, jobSuspended, onlyReplaceFailedPods, podsRef, type SyncState } from './state';

/** At most this many creates or deletes per sync (upstream MaxPodCreateDeletePerSync). */
const maxPerSync = 500;

export interface Removed {
  deleted: number;
  deletedReady: number;
  error?: unknown;
}

/** Returns the number of active pods after acting. */
export async function manageJob(deps: JobDeps, s: SyncState): Promise<{ active: number; error?: unknown }> {
  const { job } = s;
  let active = s.active.length;
  if (jobSuspended(job)) return removeSurplus(deps, s, activePodsForRemoval(job, s.active, active));
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  let want: number;
  if (completions === undefined || completions === null) want = s.succeeded > 0 ? active : parallelism;
  else want = Math.max(0, Math.min(completions - s.succeeded, parallelism));
  const surplus = activePodsForRemoval(job, s.active, Math.max(0, active - want)).slice(0, maxPerSync);
  // Deleting and creating in one sync is never done: deletion first (upstream).
  if (surplus.length > 0) return removeSurplus(deps, s, surplus);
  const terminating = onlyReplaceFailedPods(job) ? s.terminating : 0;
  const diff = Math.min(want - terminating - active, maxPerSync);
  if (diff <= 0) return { active };
  // Per-index back-off replaces the Job-wide one under backoffLimitPerIndex.
  const wait = hasBackoffLimitPerIndex(job) ? 0 : remainingBackoffMs(s.newBackoff, deps.clock.now());
  if (wait > 0) {
    deps.requeueAfter(s.key, wait);
    return { active };
  }
  let indexes: (number | undefined)[] = Array.from({ length: diff }, () => undefined);
  if (isIndexed(job)) {
    const busy = s.active.concat(onlyReplaceFailedPods(job) ? s.pods.filter(isTerminating) : []);
    const done = withIndexes(s.succeededIndexes, (s.failedIndexes ?? []).flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i)));
    indexes = firstPendingIndexes(done, new Set(busy.map((p) => completionIndexOf(p.metadata?.annotations))), diff, completions ?? 0);
    if (hasBackoffLimitPerIndex(job)) {
      const now = deps.clock.now();
      const waits = indexes.map((ix) => remainingPerIndexMs(s.delayed?.get(ix!), now));
      if (indexes.length > 0 && waits.every((w) => w > 0)) {
        deps.requeueAfter(s.key, Math.min(...waits));
        return { active };
      }
      indexes = indexes.filter((_ix, i) => waits[i] === 0);
    }
  }
  const { created, error } = await createPods(deps, s, indexes);
  return { active: active + created, error };
}

async function removeSurplus(deps: JobDeps, s: SyncState, pods: Pod[]): Promise<{ active: number; error?: unknown }> {
  deps.expectations.expectDeletions(s.key, pods.length);
  const { deleted, deletedReady, error } = await deleteJobPods(deps, s, pods);
  s.terminating += deleted;
  s.ready -= deletedReady;
  return { active: s.active.length - deleted, error };
}

/** Creates pods in batches of 1, 2, 4, …, stopping at the first batch with a failure (upstream slow start). */
async function createPods(deps: JobDeps, s: SyncState, indexes: (number | undefined)[]): Promise<{ created: number; error?: unknown }> {
  deps.expectations.expectCreations(s.key, indexes.length);
  let created = 0;
  let error: unknown;
  for (let batch = 1, start = 0; start < indexes.length; start += batch, batch *= 2) {
    const slice = indexes.slice(start, start + batch);
    const results = await Promise.all(slice.map((ix) => createPod(deps, s, ix)));
    created += results.filter((ok) => ok === true).length;
    const failures = results.filter((ok) => ok !== true);
    if (failures.length === 0) continue;
    error = failures[0];
    // The pods not created, and those never attempted, will not be observed.
    for (let i = 0; i < indexes.length - created; i++) deps.expectations.creationObserved(s.key);
    break;
  }
  return { created, error };
}

async function createPod(deps: JobDeps, s: SyncState, index: number | undefined): Promise<true | unknown> {
  const { job } = s;
  const pod = podFromTemplate(job, index);
  if (index !== undefined && hasBackoffLimitPerIndex(job)) Object.assign(pod.metadata!.annotations!, failureCountAnnotations(job, s.delayed?.get(index)));
  try {
    const made = await deps.client.create(podsRef, job.metadata!.namespace, pod as unknown as KubeObject);
    void deps.recorder.event(job as never, 'Normal', 'SuccessfulCreate', `Created pod: ${made.metadata.name}`);
    return true;
  } catch (err) {
    void deps.recorder.event(job as never, 'Warning', 'FailedCreate', `Error creating: ${err instanceof Error ? err.message : String(err)}`);
    return err;
  }
}

/** A pod from the Job's template, owned by it, with the tracking finalizer and, when Indexed, its index. */
export function podFromTemplate(job: Job, index: number | undefined): Pod {
  const template = structuredClone(job.spec!.template);
  const name = job.metadata!.name!;
  const meta = template.metadata ?? {};
  const finalizers = meta.finalizers?.includes(trackingFinalizer) ? meta.finalizers : [...(meta.finalizers ?? []), trackingFinalizer];
  const spec = template.spec!;
  const labels = { ...(meta.labels ?? {}) };
  const annotations = { ...(meta.annotations ?? {}) };
  let generateName = `${name}-`;
  if (index !== undefined) {
    annotations[completionIndexAnnotation] = String(index);
    labels[completionIndexAnnotation] = String(index);
    spec.hostname = `${name}-${index}`;
    const suffix = `-${index}-`;
    generateName = name.slice(0, Math.max(0, 58 - suffix.length)) + suffix;
    for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) addIndexEnv(c);
  }
  const ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata!.uid!, controller: true, blockOwnerDeletion: true }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...meta, name: undefined, generateName, namespace: job.metadata!.namespace, labels, annotations, finalizers, ownerReferences },
    spec,
  };
}

/** JOB_COMPLETION_INDEX from the index label (upstream with PodIndexLabel, GA), unless the container sets it itself. */
function addIndexEnv(c: { env?: EnvVar[] }): void {
  if (c.env?.some((e) => e.name === 'JOB_COMPLETION_INDEX')) return;
  (c.env ??= []).push({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${completionIndexAnnotation}']` } } });
}

/**
 * The active pods to delete: for Indexed Jobs first those with a duplicated or invalid index, then by
 * upstream's ActivePods order (earliest in their life first).
 */
export function activePodsForRemoval(job: Job, pods: Pod[], atLeast: number): Pod[] {
  const rm: Pod[] = [];
  let left = pods;
  if (isIndexed(job)) {
    const completions = job.spec?.completions ?? 0;
    const seen = new Set<number>();
    left = [];
    for (const p of [...pods].sort((a, b) => removalOrder(b, a))) {
      const ix = completionIndexOf(p.metadata?.annotations);
      if (ix < 0 || ix >= completions || seen.has(ix)) rm.push(p);
      else {
        seen.add(ix);
        left.push(p);
      }
    }
  }
  if (rm.length < atLeast) rm.push(...[...left].sort(removalOrder).slice(0, atLeast - rm.length));
  return rm;
}

/** Removes the tracking finalizer (upstream removeTrackingFinalizerPatch); a pod already gone is fine. */
export async function removeTrackingFinalizer(deps: Pick<JobDeps, 'client'>, pod: Pod): Promise<void> {
  const patch = { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [trackingFinalizer] } };
  await deps.client.patch(podsRef, pod.metadata!.namespace, pod.metadata!.name!, 'strategic', patch).catch((err: unknown) => {
    if (!isNotFound(err)) throw err;
  });
}

/** Deletes pods that should no longer run, uncounted: their finalizer goes first (upstream deleteJobPods). */
async function deleteJobPods(deps: JobDeps, s: SyncState, pods: Pod[]): Promise<Removed> {
  return deletePods(deps, s, pods, true);
}

/** Deletes the active pods of a Job that has failed, keeping finalizers so they are counted (upstream deleteActivePods). */
export async function deleteActivePods(deps: JobDeps, s: SyncState): Promise<Removed> {
  return deletePods(deps, s, s.active, false);
}

async function deletePods(deps: JobDeps, s: SyncState, pods: Pod[], dropFinalizer: boolean): Promise<Removed> {
  const out: Removed = { deleted: 0, deletedReady: 0 };
  await Promise.all(
    pods.map(async (pod) => {
      try {
        if (dropFinalizer) await removeTrackingFinalizer(deps, pod);
        await deps.client.delete(podsRef, pod.metadata!.namespace, pod.metadata!.name!).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
        out.deleted++;
        if (isReady(pod)) out.deletedReady++;
        void deps.recorder.event(s.job as never, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata!.name}`);
      } catch (err) {
        if (dropFinalizer) deps.expectations.deletionObserved(s.key);
        out.error = err;
        void deps.recorder.event(s.job as never, 'Warning', 'FailedDelete', `Error deleting: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
  );
  return out;
}
