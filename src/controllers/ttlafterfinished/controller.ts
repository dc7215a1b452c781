/**
 * The TTL-after-finished controller (upstream pkg/controller/ttlafterfinished): deletes a finished Job
 * (Complete or Failed) ttlSecondsAfterFinished after it finished, in the foreground so its pods go first.
 * Not yet due: re-synced when it will be, on the decision clock.
 */
import type { Job } from 'kubernetes-types/batch/v1';
import { type Informer, objectKey } from '../../client/informer';
import { type Client, isNotFound, type KubeObject } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import { type Clock, realClock } from '../../util/clock';
import { KeyTimers } from '../../util/key-timers';
import type { Logger } from '../../util/logger';

const jobsRef = { group: 'batch', version: 'v1', resource: 'jobs' };

export interface TTLAfterFinishedOptions {
  client: Client;
  informers: InformerFactory;
  clock?: Clock;
  logger: Logger;
}

/** When the Job finished: its Complete or Failed condition's transition time (upstream jobFinishTime). */
export function finishTime(job: Job): number | undefined {
  const c = job.status?.conditions?.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined;
}

/** Milliseconds until the Job may be deleted (≤ 0: now), or undefined if it has no TTL or has not finished. */
export function timeLeft(job: Job, now: number): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null || job.metadata?.deletionTimestamp) return undefined;
  const finished = finishTime(job);
  return finished === undefined ? undefined : finished + ttl * 1000 - now;
}

export class TTLAfterFinishedController {
  private readonly queue: WorkQueue;
  private readonly jobs: Informer<KubeObject>;
  private readonly timers: KeyTimers;
  private readonly clock: Clock;

  constructor(private readonly options: TTLAfterFinishedOptions) {
    this.clock = options.clock ?? realClock;
    this.queue = new WorkQueue({ logger: options.logger });
    this.timers = new KeyTimers(this.clock);
    this.jobs = options.informers.informerFor(jobsRef);
    const enqueue = (j: KubeObject) => {
      if (timeLeft(j as unknown as Job, this.clock.now()) !== undefined) this.queue.add(objectKey(j));
    };
    this.jobs.addHandlers({ onAdd: enqueue, onUpdate: (_o, j) => enqueue(j), onDelete: (j) => this.timers.cancel(objectKey(j)) });
  }

  run(): Promise<void> {
    return this.queue.run(2, (key) => this.sync(key));
  }

  stop(): void {
    this.timers.stop();
    this.queue.shutdown();
  }

  async sync(key: string): Promise<void> {
    const cached = this.jobs.get(key);
    if (!cached) return;
    const left = timeLeft(cached as unknown as Job, this.clock.now());
    if (left === undefined) return;
    if (left > 0) return this.timers.after(key, left, (k) => this.queue.add(k));
    // The cache may be stale (the TTL changed): check the live Job before deleting it.
    const fresh = await this.options.client.get(jobsRef, cached.metadata.namespace, cached.metadata.name!).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    if (!fresh || fresh.metadata.uid !== cached.metadata.uid) return;
    const freshLeft = timeLeft(fresh as unknown as Job, this.clock.now());
    if (freshLeft === undefined) return;
    if (freshLeft > 0) return this.timers.after(key, freshLeft, (k) => this.queue.add(k));
    this.options.logger.info('cleaning up finished job', { job: key });
    await this.options.client
      .delete(jobsRef, fresh.metadata.namespace, fresh.metadata.name!, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid, resourceVersion: fresh.metadata.resourceVersion } })
      .catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
  }
}
