/**
 * The CronJob controller (upstream pkg/controller/cronjob, ControllerV2): a CronJob key is synced when it
 * or one of its Jobs changes, and again at its next scheduled time on the decision clock (so a ManualClock's
 * advance() fires it). `sync(key)` re-reads the CronJob and its Jobs from the cache (reconcile.ts).
 */
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import { EventRecorder } from '../../client/event-recorder';
import { type Informer, objectKey } from '../../client/informer';
import type { Client, KubeObject } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import { type Clock, realClock } from '../../util/clock';
import { KeyTimers } from '../../util/key-timers';
import type { Logger } from '../../util/logger';
import { cleanupFinishedJobs, type CronJobDeps, cronJobsRef, jobsRef, syncCronJob } from './reconcile';
import { nextScheduleDelay, parseSchedule } from './schedule';

export interface CronJobControllerOptions {
  client: Client;
  informers: InformerFactory;
  clock?: Clock;
  logger: Logger;
}

export class CronJobController {
  private readonly queue: WorkQueue;
  private readonly cronJobs: Informer<KubeObject>;
  private readonly jobs: Informer<KubeObject>;
  private readonly timers: KeyTimers;
  private readonly deps: CronJobDeps;

  constructor(private readonly options: CronJobControllerOptions) {
    const clock = options.clock ?? realClock;
    this.queue = new WorkQueue({ logger: options.logger });
    this.timers = new KeyTimers(clock);
    const recorder = new EventRecorder({ client: options.client, component: 'cronjob-controller', logger: options.logger, kind: { apiVersion: 'batch/v1', kind: 'CronJob' } });
    this.deps = { client: options.client, clock, recorder };
    this.cronJobs = options.informers.informerFor(cronJobsRef);
    this.jobs = options.informers.informerFor(jobsRef);
    this.cronJobs.addHandlers({
      onAdd: (cj) => this.queue.add(objectKey(cj)),
      onUpdate: (old, cj) => this.cronJobUpdated(old, cj),
      onDelete: (cj) => this.timers.cancel(objectKey(cj)),
    });
    const jobChanged = (j: KubeObject) => {
      const key = this.ownerKey(j);
      if (key) this.queue.add(key);
    };
    this.jobs.addHandlers({ onAdd: jobChanged, onUpdate: (_o, j) => jobChanged(j), onDelete: jobChanged });
  }

  run(): Promise<void> {
    return this.queue.run(2, (key) => this.sync(key));
  }

  stop(): void {
    this.timers.stop();
    this.queue.shutdown();
  }

  async sync(key: string): Promise<void> {
    const obj = this.cronJobs.get(key);
    if (!obj) return;
    const cj = structuredClone(obj) as unknown as CronJob;
    const jobs = this.jobs.byNamespace(obj.metadata.namespace!).filter((j) => controllerOf(j)?.uid === obj.metadata.uid) as unknown as Job[];
    const cleaned = await cleanupFinishedJobs(this.deps, cj, jobs);
    let result;
    let syncError: unknown;
    try {
      result = await syncCronJob(this.deps, cj, jobs);
    } catch (err) {
      syncError = err;
    }
    if (cj.status?.active?.length === 0) delete cj.status.active; // omitempty, as upstream
    if (cleaned || result?.updateStatus) await this.options.client.update(cronJobsRef, cj.metadata!.namespace, cj as unknown as KubeObject, { subresource: 'status' });
    if (result?.requeueAfterMs !== undefined) this.timers.after(key, result.requeueAfterMs, (k) => this.queue.add(k));
    if (syncError) throw syncError;
  }

  /** A new schedule or time zone moves the next sync; any other change syncs now (upstream updateCronJob). */
  private cronJobUpdated(old: KubeObject, obj: KubeObject): void {
    const before = old as unknown as CronJob;
    const cj = obj as unknown as CronJob;
    const key = objectKey(obj);
    if (before.spec?.schedule === cj.spec?.schedule && before.spec?.timeZone === cj.spec?.timeZone) return this.queue.add(key);
    try {
      const sched = parseSchedule(cj.spec!.schedule, cj.spec!.timeZone);
      const earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata!.creationTimestamp!);
      this.timers.cancel(key);
      this.timers.after(key, nextScheduleDelay(sched, earliest, this.deps.clock.now()), (k) => this.queue.add(k));
    } catch (err) {
      void this.deps.recorder.event(obj, 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cj.spec?.schedule}`);
      this.options.logger.debug('unparseable schedule', { key, err: (err as Error).message });
    }
  }

  private ownerKey(job: KubeObject): string | undefined {
    const ref = controllerOf(job);
    if (!ref || ref.kind !== 'CronJob') return undefined;
    const key = `${job.metadata.namespace}/${ref.name}`;
    return this.cronJobs.get(key)?.metadata.uid === ref.uid ? key : undefined;
  }
}

function controllerOf(obj: KubeObject) {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}
