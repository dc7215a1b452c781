/**
 * The Job controller (upstream pkg/controller/job): runs a Job's pods to completion. Handlers map pod
 * and Job events to Job keys (observing expectations on the way); `sync(key)` re-reads the Job and its
 * pods from the cache and reconciles (reconcile.ts). Pods that still carry the tracking finalizer after
 * their Job is gone or finished are released by a second queue (upstream orphan pods).
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { selectorFromLabelSelector, selects } from '../../api/label-selector';
import { EventRecorder } from '../../client/event-recorder';
import { type Informer, objectKey } from '../../client/informer';
import { type Client, isNotFound, type KubeObject } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import { type Clock, realClock } from '../../util/clock';
import { KeyTimers } from '../../util/key-timers';
import type { Logger } from '../../util/logger';
import type { BackoffRecord } from './backoff';
import { isJobFinished } from './conditions';
import { PodExpectations } from './expectations';
import { removeTrackingFinalizer } from './manage';
import { claimObjects } from '../replicaset/claim';
import { hasTrackingFinalizer, trackingFinalizer } from './pods';
import { reconcileJob } from './reconcile';
import { type JobDeps, jobsRef, podsRef } from './state';

export interface JobControllerOptions {
  client: Client;
  informers: InformerFactory;
  clock?: Clock;
  logger: Logger;
  workers?: number;
}

type Owner = NonNullable<KubeObject['metadata']['ownerReferences']>[number];

export class JobController {
  private readonly queue: WorkQueue;
  private readonly orphans: WorkQueue;
  private readonly jobs: Informer<KubeObject>;
  private readonly pods: Informer<KubeObject>;
  private readonly timers: KeyTimers;
  private readonly deps: JobDeps;

  constructor(private readonly options: JobControllerOptions) {
    const clock = options.clock ?? realClock;
    this.queue = new WorkQueue({ logger: options.logger });
    this.orphans = new WorkQueue({ logger: options.logger });
    this.timers = new KeyTimers(clock);
    this.deps = {
      client: options.client,
      clock,
      logger: options.logger,
      recorder: new EventRecorder({ client: options.client, component: 'job-controller', logger: options.logger, kind: { apiVersion: 'batch/v1', kind: 'Job' } }),
      expectations: new PodExpectations(),
      backoff: new Map<string, BackoffRecord>(),
      requeueAfter: (key, ms) => this.timers.after(key, ms, (k) => this.queue.add(k)),
    };
    this.jobs = options.informers.informerFor(jobsRef);
    this.pods = options.informers.informerFor(podsRef);
    this.jobs.addHandlers({ onAdd: (j) => this.queue.add(objectKey(j)), onUpdate: (_o, j) => this.queue.add(objectKey(j)), onDelete: (j) => this.jobDeleted(j) });
    this.pods.addHandlers({ onAdd: (p) => this.podChanged(p, 'add'), onUpdate: (_o, p) => this.podChanged(p, 'update'), onDelete: (p) => this.podChanged(p, 'delete') });
  }

  run(): Promise<void> {
    return Promise.all([this.queue.run(this.options.workers ?? 4, (key) => this.sync(key)), this.orphans.run(1, (key) => this.releaseOrphan(key))]).then(() => undefined);
  }

  stop(): void {
    this.timers.stop();
    this.queue.shutdown();
    this.orphans.shutdown();
  }

  async sync(key: string): Promise<void> {
    const obj = this.jobs.get(key);
    if (!obj) {
      this.deps.expectations.forget(key);
      this.deps.backoff.delete(key);
      return;
    }
    const job = obj as unknown as Job;
    if (isJobFinished(job)) {
      this.deps.backoff.delete(key);
      return;
    }
    // A Job another controller manages is left to it (upstream JobManagedBy).
    const managedBy = job.spec?.managedBy;
    if (managedBy && managedBy !== 'kubernetes.io/job-controller') return;
    const mode = job.spec?.completionMode;
    if (mode && mode !== 'NonIndexed' && mode !== 'Indexed') {
      await this.deps.recorder.event(obj, 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
      return;
    }
    await reconcileJob(this.deps, key, job, await this.claimPods(obj));
  }

  /**
   * The Job's pods (upstream getPodsForJob): those it controls that its selector matches; matching orphans
   * are adopted with the tracking finalizer, and pods that no longer match are released.
   */
  private async claimPods(job: KubeObject): Promise<Pod[]> {
    const inNamespace = this.pods.byNamespace(job.metadata.namespace!);
    const selector = selectorFromLabelSelector((job as unknown as Job).spec?.selector);
    const canAdopt = () => this.canAdopt(job);
    const client = adoptingWithFinalizer(this.options.client, job.metadata.uid!);
    return (await claimObjects({ client, resource: podsRef, owner: job, ownerApiVersion: 'batch/v1', ownerKind: 'Job', selector, canAdopt }, inNamespace)) as unknown as Pod[];
  }

  /** Adoption re-checks the live Job: the same one, not being deleted (upstream RecheckDeletionTimestamp). */
  private async canAdopt(job: KubeObject): Promise<boolean> {
    const fresh = await this.options.client.get(jobsRef, job.metadata.namespace, job.metadata.name!).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
    return !!fresh && fresh.metadata.uid === job.metadata.uid && !fresh.metadata.deletionTimestamp;
  }

  /** The key of the Job a pod's controller reference names, if that Job is in the cache. */
  private ownerKey(pod: KubeObject): string | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'Job') return undefined;
    const key = `${pod.metadata.namespace}/${ref.name}`;
    return this.jobs.get(key)?.metadata.uid === ref.uid ? key : undefined;
  }

  private podChanged(pod: KubeObject, how: 'add' | 'update' | 'delete'): void {
    const key = this.ownerKey(pod);
    // A finished Job is not synced again: its pods that still carry the finalizer are released here.
    if (key && how !== 'delete' && hasTrackingFinalizer(pod as unknown as Pod) && isJobFinished(this.jobs.get(key) as unknown as Job)) this.orphans.add(objectKey(pod));
    const deleting = how === 'delete' || !!pod.metadata.deletionTimestamp;
    if (key) {
      if (deleting) this.deps.expectations.deletionObserved(key);
      else if (how === 'add') this.deps.expectations.creationObserved(key);
      if (how === 'delete' || !hasTrackingFinalizer(pod as unknown as Pod)) this.deps.expectations.finalizerRemovalObserved(key, pod.metadata.uid!);
      this.queue.add(key);
      return;
    }
    if (how !== 'delete' && hasTrackingFinalizer(pod as unknown as Pod)) this.orphans.add(objectKey(pod));
    // An orphan may match some Job's selector: those Jobs may adopt it (upstream getPodJobs).
    if (how !== 'delete' && !controllerOf(pod)) for (const j of this.jobsSelecting(pod)) this.queue.add(j);
  }

  private jobsSelecting(pod: KubeObject): string[] {
    const jobs = this.jobs.byNamespace(pod.metadata.namespace!);
    return jobs.filter((j) => selects(selectorFromLabelSelector((j as unknown as Job).spec?.selector), pod.metadata.labels)).map(objectKey);
  }

  private jobDeleted(job: KubeObject): void {
    const key = objectKey(job);
    this.timers.cancel(key);
    this.queue.add(key);
    for (const p of this.pods.byNamespace(job.metadata.namespace!)) if (controllerOf(p)?.uid === job.metadata.uid && hasTrackingFinalizer(p as unknown as Pod)) this.orphans.add(objectKey(p));
  }

  /** Removes the tracking finalizer from a pod whose Job is gone or finished (upstream cleanupOrphanPod). */
  private async releaseOrphan(podKey: string): Promise<void> {
    const pod = this.pods.get(podKey);
    if (!pod || !hasTrackingFinalizer(pod as unknown as Pod)) return;
    const key = this.ownerKey(pod);
    if (key && !isJobFinished(this.jobs.get(key) as unknown as Job)) return;
    await removeTrackingFinalizer(this.deps, pod as unknown as Pod);
  }
}

/**
 * The client the shared claim logic writes through: an update that makes the Job a pod's controller (an
 * adoption) also adds the tracking finalizer, in the same write, as upstream adopts with it.
 */
function adoptingWithFinalizer(client: Client, jobUid: string): Client {
  const adopting: Client = Object.create(client) as Client;
  adopting.update = (r, ns, obj, options) => {
    const adopts = obj.metadata.ownerReferences?.some((ref) => ref.uid === jobUid && ref.controller);
    const finalizers = obj.metadata.finalizers ?? [];
    if (adopts && !finalizers.includes(trackingFinalizer)) obj = { ...obj, metadata: { ...obj.metadata, finalizers: [...finalizers, trackingFinalizer] } };
    return client.update(r, ns, obj, options);
  };
  return adopting;
}

function controllerOf(obj: KubeObject): Owner | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}
